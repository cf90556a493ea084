import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, x509, type CertOptions, type Issued } from '../../test-support/pki.js';
import { check, ofRule } from './support.js';

const { digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement } =
  x509.KeyUsageFlags;
const RSA = { alg: 'rsa', bits: 2048 } as const;

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

async function findingsOf(rule: string, options: CertOptions = {}) {
  return ofRule((await check(await makeLeaf(ca, options), ca)).findings, rule);
}

describe('eku.client_auth', () => {
  it('passes clientAuth', async () => {
    expect(await findingsOf('eku.client_auth')).toEqual([]);
  });
  it('reports serverAuth only (nginx error 26)', async () => {
    expect(await findingsOf('eku.client_auth', { eku: ['serverAuth'] })).toMatchObject([
      { severity: 'error', message: /error 26/, fix: /extendedKeyUsage = clientAuth/ },
    ]);
  });
  it('reports an empty EKU', async () => {
    expect(await findingsOf('eku.client_auth', { eku: [] })).toMatchObject([{ message: /empty/ }]);
  });
  it('accepts anyExtendedKeyUsage as an error-free (but warned) choice', async () => {
    expect(await findingsOf('eku.client_auth', { eku: ['anyExtendedKeyUsage'] })).toEqual([]);
  });
});

describe('eku.present_explicit', () => {
  it('passes exactly clientAuth', async () => {
    expect(await findingsOf('eku.present_explicit')).toEqual([]);
  });
  it.each([
    ['no EKU', { eku: null }, /no extended key usage/],
    ['dual use', { eku: ['serverAuth', 'clientAuth'] }, /besides clientAuth/],
    ['anyExtendedKeyUsage', { eku: ['anyExtendedKeyUsage'] }, /anyExtendedKeyUsage/],
  ] as const)('warns on %s', async (_name, options, message) => {
    expect(await findingsOf('eku.present_explicit', options as CertOptions)).toMatchObject([
      { severity: 'warning', message },
    ]);
  });
});

describe('ku.signing', () => {
  it('passes digitalSignature on EC and RSA', async () => {
    expect(await findingsOf('ku.signing')).toEqual([]);
    expect(await findingsOf('ku.signing', { key: RSA })).toEqual([]);
  });
  it('passes keyAgreement alone on EC', async () => {
    expect(await findingsOf('ku.signing', { keyUsage: keyAgreement })).toEqual([]);
  });
  it('reports keyEncipherment only (nginx error 26)', async () => {
    expect(await findingsOf('ku.signing', { key: RSA, keyUsage: keyEncipherment })).toMatchObject([
      { severity: 'error', message: /lacks digitalSignature/, fix: /keyUsage = critical, digitalSignature/ },
    ]);
  });
  it('reports a key usage with no bits', async () => {
    expect(await findingsOf('ku.signing', { keyUsage: 0 })).toMatchObject([{ message: /no bits/ }]);
  });
  it('reports keyAgreement on RSA', async () => {
    expect(
      await findingsOf('ku.signing', { key: RSA, keyUsage: digitalSignature | keyAgreement }),
    ).toMatchObject([{ message: /RSA key/ }]);
  });
  it('reports keyEncipherment on EC', async () => {
    expect(await findingsOf('ku.signing', { keyUsage: digitalSignature | keyEncipherment })).toMatchObject([
      { message: /EC key/ },
    ]);
  });
});

describe('ku.present_critical_minimal', () => {
  it('passes a critical digitalSignature', async () => {
    expect(await findingsOf('ku.present_critical_minimal')).toEqual([]);
  });
  it.each([
    ['no key usage', { keyUsage: null }, /no key usage/],
    ['a non-critical key usage', { keyUsageCritical: false }, /not marked critical/],
    [
      "the seed's four bits",
      { key: RSA, keyUsage: digitalSignature | nonRepudiation | keyEncipherment | dataEncipherment },
      /more than a client certificate needs/,
    ],
  ] as const)('warns on %s', async (_name, options, message) => {
    expect(await findingsOf('ku.present_critical_minimal', options as CertOptions)).toMatchObject([
      { severity: 'warning', message },
    ]);
  });
});
