import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { makeCA, makeLeaf, type CertOptions, type Issued } from '../../test-support/pki.js';
import { opensslLeaf } from './openssl.js';
import { check, ofRule } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

async function findingsOf(rule: string, leaf: Issued | string) {
  return ofRule((await check(leaf, ca)).findings, rule);
}

const leafWith = (options: CertOptions) => makeLeaf(ca, options);

describe('key.strength', () => {
  it.each([
    ['RSA 2048', { key: { alg: 'rsa', bits: 2048 } }],
    ['EC P-256', { key: { alg: 'ec', curve: 'P-256' } }],
    ['EC P-384', { key: { alg: 'ec', curve: 'P-384' } }],
    ['EC P-521', { key: { alg: 'ec', curve: 'P-521' } }],
  ] as const)('passes %s and describes it', async (description, options) => {
    const result = await check(await leafWith(options as CertOptions), ca);
    expect(ofRule(result.findings, 'key.strength')).toEqual([]);
    expect(result.facts?.keyDescription).toBe(description);
  });

  it('reports RSA 1024', async () => {
    expect(
      await findingsOf('key.strength', await leafWith({ key: { alg: 'rsa', bits: 1024 } })),
    ).toMatchObject([{ severity: 'error', message: /1024 bits/ }]);
  });

  it('reports an even RSA public exponent', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const leaf = await leafWith({
      tamper: (tbs) => {
        const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
        const rsa = AsnConvert.parse(info.subjectPublicKey, RSAPublicKey);
        rsa.publicExponent = new Uint8Array([0x01, 0x00, 0x00]).buffer;
        info.subjectPublicKey = AsnConvert.serialize(rsa);
        tbs.subjectPublicKeyInfo = info;
      },
    });
    expect(await findingsOf('key.strength', leaf)).toMatchObject([{ message: /exponent is 65536/ }]);
  });

  it('reports a curve other than P-256/384/521 (secp256k1, made with openssl)', async () => {
    const leaf = opensslLeaf(ca, {
      genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'],
    });
    expect(await findingsOf('key.strength', leaf)).toMatchObject([
      { severity: 'error', message: /secp256k1/ },
    ]);
  });
});

describe('key.algorithm_unverified', () => {
  it('says nothing about RSA or EC', async () => {
    expect(await findingsOf('key.algorithm_unverified', await leafWith({}))).toEqual([]);
  });
  it('notes an Ed25519 key', async () => {
    const result = await check(await leafWith({ key: { alg: 'ed25519' } }), ca);
    expect(ofRule(result.findings, 'key.algorithm_unverified')).toMatchObject([{ severity: 'notice' }]);
    expect(ofRule(result.findings, 'key.strength')).toEqual([]);
    expect(result.facts?.keyDescription).toBe('Ed25519');
  });
});
