import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, x509, type Issued } from '../../test-support/pki.js';
import { check, ofRule } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

describe('aki.present', () => {
  it('passes an AKI with a keyIdentifier', async () => {
    expect(ofRule((await check(await makeLeaf(ca), ca)).findings, 'aki.present')).toEqual([]);
  });
  it('warns when the AKI is missing', async () => {
    const { findings } = await check(await makeLeaf(ca, { aki: false }), ca);
    expect(ofRule(findings, 'aki.present')).toMatchObject([
      { severity: 'warning', fix: /authorityKeyIdentifier=keyid,issuer/ },
    ]);
  });
});

describe('ski.present', () => {
  it('passes the RFC 5280 method-1 SKI', async () => {
    expect(ofRule((await check(await makeLeaf(ca), ca)).findings, 'ski.present')).toEqual([]);
  });
  it('warns when the SKI is missing', async () => {
    const { findings } = await check(await makeLeaf(ca, { ski: false }), ca);
    expect(ofRule(findings, 'ski.present')).toMatchObject([
      { severity: 'warning', message: /no subject key/ },
    ]);
  });
  it("warns when the SKI is not the key's hash", async () => {
    const foreign = await x509.SubjectKeyIdentifierExtension.create(ca.keys.publicKey);
    const { findings } = await check(await makeLeaf(ca, { ski: false, extraExtensions: [foreign] }), ca);
    expect(ofRule(findings, 'ski.present')).toMatchObject([{ message: /not the SHA-1 hash/ }]);
  });
});
