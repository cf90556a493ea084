/** One root cause, one finding: what follows from a CA in the leaf's place, or an unreadable leaf, is not piled on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { check, summary } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

describe('a CA committed where the leaf belongs', () => {
  it('another CA (no EKU, five years, no names, not issued by origin-ca, with a key): only leaf.not_ca, with its fix', async () => {
    const other = await makeCA({ cn: 'app.example.com' });
    const unrelatedKey = (await makeLeaf(ca)).keyPem;
    const result = await check(other, ca, { key: { source: 'env', variable: 'AOP_KEY', pem: unrelatedKey } });
    expect(summary(result.findings)).toEqual(['leaf.not_ca:error']);
    expect(result.findings[0]).toMatchObject({
      message: /CA:TRUE.*other checks are skipped/,
      fix: /Upload the leaf, not the CA/,
    });
    expect(result.rootCause).toBe(true);
  });

  it('origin-ca itself: one finding', async () => {
    expect(summary((await check(ca, ca)).findings)).toEqual(['leaf.not_ca:error']);
  });

  it('a leaf that is not a CA keeps all its findings (the folding is for CAs only)', async () => {
    const leaf = await makeLeaf(ca, { eku: null, days: 1000, dns: ['other.example.com'] });
    const result = await check(leaf, ca);
    expect(summary(result.findings)).toEqual(
      expect.arrayContaining(['eku.present_explicit:warning', 'validity.max:warning']),
    );
    expect(result.rootCause).toBeUndefined();
  });
});

describe('an unreadable leaf', () => {
  it('one finding, no facts, so nothing else is judged', async () => {
    const junk = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate at all!').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const result = await check(junk, ca);
    expect(summary(result.findings)).toEqual(['input.single_cert:error']);
    expect(result.facts).toBeUndefined();
  });
});
