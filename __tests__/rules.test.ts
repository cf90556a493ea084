import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, rulesMarkdown } from '../src/rules.js';

describe('rules', () => {
  it('docs/rules.md is what the registries generate (run `npm run docs`)', async () => {
    expect(await readFile(new URL('../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesMarkdown());
  });

  it('every rule has a unique dotted ID and a summary', () => {
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });
});
