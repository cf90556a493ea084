import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, x509, type Issued } from '../../test-support/pki.js';
import { check, ofRule } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

describe('leaf.not_ca', () => {
  it('passes a CA:FALSE leaf with digitalSignature', async () => {
    const leaf = await makeLeaf(ca);
    expect(ofRule((await check(leaf, ca)).findings, 'leaf.not_ca')).toEqual([]);
  });

  it('reports the CA itself uploaded as the leaf', async () => {
    const [found] = ofRule((await check(ca, ca)).findings, 'leaf.not_ca');
    expect(found).toMatchObject({ severity: 'error', message: /CA:TRUE/, fix: /basicConstraints=CA:FALSE/ });
  });

  it('reports a pathlen on a leaf', async () => {
    const leaf = await makeLeaf(ca, { basicConstraints: { ca: false, pathLength: 0 } });
    expect(ofRule((await check(leaf, ca)).findings, 'leaf.not_ca')).toMatchObject([{ message: /pathlen/ }]);
  });

  it.each([
    ['keyCertSign', x509.KeyUsageFlags.keyCertSign],
    ['cRLSign', x509.KeyUsageFlags.cRLSign],
  ])('reports %s on a leaf', async (_name, bit) => {
    const leaf = await makeLeaf(ca, { keyUsage: x509.KeyUsageFlags.digitalSignature | bit });
    expect(ofRule((await check(leaf, ca)).findings, 'leaf.not_ca')).toMatchObject([
      { severity: 'error', fix: /keyUsage = critical, digitalSignature/ },
    ]);
  });
});

describe('bc.present', () => {
  it('passes basicConstraints CA:FALSE, critical or not', async () => {
    for (const critical of [true, false]) {
      const leaf = await makeLeaf(ca, { basicConstraints: { ca: false, critical } });
      expect(ofRule((await check(leaf, ca)).findings, 'bc.present')).toEqual([]);
    }
  });

  it('warns when basicConstraints is missing', async () => {
    const leaf = await makeLeaf(ca, { basicConstraints: null });
    expect(ofRule((await check(leaf, ca)).findings, 'bc.present')).toMatchObject([
      { severity: 'warning', fix: /basicConstraints=CA:FALSE/ },
    ]);
  });
});
