import { describe, expect, it } from 'vitest';
import { assertMarker, MAX_BODY_LENGTH, pickMarked, withMarker } from '../../src/github/marker.js';

const MARKER = '<!-- aop-certs:report path=infra/aop-certs.yml -->';

describe('markers', () => {
  it('accepts one hidden HTML comment on one line, and nothing else', () => {
    expect(() => assertMarker(MARKER)).not.toThrow();
    expect(() => assertMarker('<!-- a--b -->')).not.toThrow();
    for (const bad of ['aop-certs', '<!--  -->', '<!-- a --> b -->', '<!-- a\nb -->', '<!-- a ->']) {
      expect(() => assertMarker(bad), bad).toThrow(/hidden HTML comment/);
    }
  });

  it('appends the marker on its own line once', () => {
    expect(withMarker('report', MARKER)).toBe(`report\n\n${MARKER}`);
    expect(withMarker(`${MARKER}\nreport`, MARKER)).toBe(`${MARKER}\nreport`);
  });

  it("keeps a long body within GitHub's limit with the marker last", () => {
    const body = withMarker(`${MARKER}\n${'y'.repeat(MAX_BODY_LENGTH)}`, MARKER);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(body.endsWith(`\n\n${MARKER}`)).toBe(true);
    expect(body.split(MARKER)).toHaveLength(2);
  });

  it("distinguishes markers that share a prefix (another manifest's path)", () => {
    const other = {
      body: 'x\n<!-- aop-certs:report path=infra/aop-certs.yml.bak -->',
      user: { login: 'github-actions[bot]', type: 'Bot' },
    };
    expect(pickMarked([other], MARKER, 'github-actions[bot]')).toBeUndefined();
  });

  it('takes a marked post only from the token identity, never from a person or another bot', () => {
    const post = (login: string, type: string) => ({ body: `r\n${MARKER}`, user: { login, type } });
    const items = [post('alice', 'User'), post('dependabot[bot]', 'Bot'), post('github-actions[bot]', 'Bot')];
    expect(pickMarked(items, MARKER, 'github-actions[bot]')).toBe(items[2]);
    expect(pickMarked(items, MARKER, 'alice')).toBe(items[0]);
    expect(pickMarked(items.slice(0, 2), MARKER, 'github-actions[bot]')).toBeUndefined();
    // A person may not take a bot's name without its suffix: only a Bot account matches that way.
    expect(pickMarked([post('github-actions', 'User')], MARKER, 'github-actions[bot]')).toBeUndefined();
    expect(pickMarked([post('github-actions', 'Bot')], MARKER, 'github-actions[bot]')).toBeDefined();
  });
});
