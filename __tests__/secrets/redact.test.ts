import { describe, expect, it } from 'vitest';
import { maskSecret, redactSecrets } from '../../src/secrets.js';
import { makeCA } from '../../test-support/pki.js';

describe('maskSecret and redactSecrets', () => {
  it('redacts the whole key, each of its lines and its JSON-escaped form', async () => {
    const { keyPem } = await makeCA();
    maskSecret(keyPem);
    const line = keyPem.split('\n')[2]!;
    const text = `whole: ${keyPem}\nline: ${line}\njson: ${JSON.stringify(keyPem)}`;
    const clean = redactSecrets(text);
    for (const keyLine of keyPem
      .split('\n')
      .filter((candidate) => candidate.length >= 8 && !candidate.startsWith('-----'))) {
      expect(clean).not.toContain(keyLine);
    }
    expect(clean).toContain('line: ***');
  });

  it('leaves text without secrets as it is', () => {
    maskSecret('token-abcdefgh-123');
    expect(redactSecrets('nothing to hide here')).toBe('nothing to hide here');
    expect(redactSecrets('x token-abcdefgh-123 y')).toBe('x *** y');
  });
});
