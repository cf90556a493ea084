import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REGISTERED_RULES, resolveIgnoreEntry, ruleDocUrl, rulesMarkdown } from '../src/rules.js';

/** The values that occur more than once. */
function repeated(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

describe('rules', () => {
  it('docs/rules.md is what the registries generate (run `npm run docs`)', async () => {
    expect(await readFile(new URL('../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesMarkdown());
  });

  it('declares every rule ID once, across every module, as a dotted ID with a summary', () => {
    // The registry as declared, not deduplicated: a rule added to two tables shows up here.
    expect(repeated(REGISTERED_RULES.map((rule) => rule.id))).toEqual([]);
    for (const rule of REGISTERED_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });

  it('gives each old ID that is no rule any more to exactly one rule', () => {
    const ids = new Set<string>(REGISTERED_RULES.map((rule) => rule.id));
    const oldIds = REGISTERED_RULES.flatMap((rule) => rule.replaces.filter((old) => !ids.has(old)));
    expect(oldIds.length).toBeGreaterThan(0);
    expect(repeated(oldIds)).toEqual([]);
    for (const old of oldIds) expect(resolveIgnoreEntry(old)).toMatchObject({ renamed: true, rules: [{}] });
  });

  it('says in the docs, for each rule, whether it can be suppressed, under an anchor the PR comment links to', () => {
    const markdown = rulesMarkdown();
    for (const rule of REGISTERED_RULES) {
      const anchor = new URL(ruleDocUrl(rule.id)).hash.slice(1);
      const row = markdown.split('\n').find((line) => line.includes(`<a id="${anchor}"></a>`));
      expect(row, rule.id).toContain(`| ${rule.suppressible ? 'yes' : 'no'} |`);
    }
  });

  it('merges the facts that had several IDs into one each', () => {
    const now = (old: string) => resolveIgnoreEntry(old).rules.map((rule) => rule.id);
    expect(now('input.private_key')).toEqual(['secret.plaintext_key']);
    expect(now('key.committed_plaintext')).toEqual(['secret.plaintext_key']);
    expect(now('scan.expiring')).toEqual(['expiry.warn']);
    expect(now('validity.min_remaining')).toEqual(['expiry.critical']);
    expect(now('scan.expiring_critical')).toEqual(['expiry.critical']);
    expect(now('scan.expired')).toEqual(['expiry.expired']);
    expect(now('scan.zone_unreadable')).toEqual(['cloudflare.unreadable']);
    expect(now('plan.unavailable')).toEqual(['cloudflare.unreadable']);
  });
});
