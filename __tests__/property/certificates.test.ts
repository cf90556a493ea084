/**
 * PEM/DER decoding, the certificate check and origin-ca loading over damaged certificates and
 * bundles: no exception escapes, and a certificate that cannot be judged says so in an error.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import { checkCertificate, decodeCaBundle } from '../../src/pki/index.js';
import { decodeFile } from '../../src/pki/pem.js';
import { encryptKeyPkcs8, makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { mutatedBytes, mutatedText, pemOf, RUNS } from './mutate.js';

const CA_PATH = 'pki/rootca.crt';
const LEAF_PATH = 'pki/app.crt';
let ca: Issued;
let intermediate: Issued;
let leaf: Issued;
let leafDer: Uint8Array;
let caDer: Uint8Array;

beforeAll(async () => {
  ca = await makeCA({ key: { alg: 'rsa' } });
  intermediate = await makeCA({ cn: 'Intermediate', issuer: ca });
  leaf = await makeLeaf(intermediate, { dns: ['app.example.com'] });
  leafDer = new Uint8Array(leaf.cert.rawData);
  caDer = new Uint8Array(ca.cert.rawData);
});

const bytes = (text: string) => new TextEncoder().encode(text);

function expectPlaced(findings: Finding[], files: string[]): void {
  for (const finding of findings) {
    expect(files).toContain(finding.file);
    expect(finding.message.length).toBeGreaterThan(0);
    if (finding.line !== undefined) expect(finding.line).toBeGreaterThanOrEqual(1);
  }
}

async function leafHolds(certificate: Uint8Array, originCa: Uint8Array): Promise<void> {
  const result = await checkCertificate({
    zone: 'example.com',
    name: 'app',
    certificate: { path: LEAF_PATH, bytes: certificate },
    originCa: { path: CA_PATH, bytes: originCa },
    hostnames: ['app.example.com'],
    ignore: [],
    now: new Date(),
    warnDays: 30,
    failDays: 14,
    changed: true,
  });
  expectPlaced(result.findings, [LEAF_PATH, CA_PATH]);
  if (!result.facts) expect(result.findings.some((finding) => finding.severity === 'error')).toBe(true);
}

function bundleHolds(text: Uint8Array): void {
  const bundle = decodeCaBundle({ path: CA_PATH, bytes: text });
  expectPlaced(bundle.findings, [CA_PATH]);
  if (bundle.certs.length === 0) {
    expect(bundle.findings.some((finding) => finding.severity === 'error')).toBe(true);
  }
}

describe('decoding and checking damaged certificates, property-based', () => {
  it('decodeFile: any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
        expect(['der', 'pem', 'unrecognised', 'too-large']).toContain(decodeFile(input).kind);
      }),
      { numRuns: RUNS },
    );
  });

  it('a leaf with damaged DER, as PEM and as DER', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBytes(leafDer), fc.boolean(), async (der, asPem) => {
        await leafHolds(asPem ? bytes(pemOf(der)) : der, bytes(intermediate.certPem + ca.certPem));
      }),
      { numRuns: RUNS },
    );
  });

  it('a leaf PEM damaged as text', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(leaf.certPem), async (text) => {
        await leafHolds(bytes(text), bytes(intermediate.certPem + ca.certPem));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('origin-ca loading, property-based', () => {
  it('a bundle with damaged text, then a leaf judged against it', async () => {
    const bundle = () => `${intermediate.certPem}${ca.certPem}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => mutatedText(bundle())),
        async (text) => {
          bundleHolds(bytes(text));
          await leafHolds(bytes(leaf.certPem), bytes(text));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a bundle with one block of damaged DER beside good ones', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBytes(caDer), fc.nat({ max: 2 }), async (der, position) => {
        const blocks = [intermediate.certPem, ca.certPem];
        blocks.splice(position, 0, pemOf(der));
        const text = bytes(blocks.join(''));
        bundleHolds(text);
        expect(decodeCaBundle({ path: CA_PATH, bytes: text }).certs.length).toBeGreaterThanOrEqual(2);
        await leafHolds(bytes(leaf.certPem), text);
      }),
      // Each run verifies RSA signatures of a new bundle: fewer runs keep this file to seconds.
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('any bytes as a bundle', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), bundleHolds), { numRuns: RUNS });
  });
});

describe('keys, property-based', () => {
  async function keyHolds(key: Parameters<typeof checkCertificate>[0]['key']): Promise<void> {
    const result = await checkCertificate({
      zone: 'example.com',
      name: 'app',
      certificate: { path: LEAF_PATH, bytes: bytes(leaf.certPem) },
      originCa: { path: CA_PATH, bytes: bytes(intermediate.certPem + ca.certPem) },
      hostnames: ['app.example.com'],
      key,
      ignore: [],
      now: new Date(),
      warnDays: 30,
      failDays: 14,
      changed: true,
    });
    expectPlaced(result.findings, [LEAF_PATH, CA_PATH, 'pki/app.key.enc', 'aop-certs.yml']);
    // A damaged key is never taken as the certificate's key without a word.
    if (result.privateKeyPem === undefined) {
      expect(result.findings.some((finding) => finding.severity === 'error')).toBe(true);
    }
  }

  it('a damaged PEM key from the environment', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(leaf.keyPem), async (pem) => {
        await keyHolds({ source: 'env', variable: 'AOP_KEY_APP', pem });
      }),
      { numRuns: RUNS },
    );
  });

  it('a damaged encrypted key file', async () => {
    const encrypted = encryptKeyPkcs8(leaf.keyPem, 'pw');
    await fc.assert(
      fc.asyncProperty(mutatedText(encrypted), async (text) => {
        await keyHolds({
          source: 'file',
          path: 'pki/app.key.enc',
          bytes: bytes(text),
          passphraseVariable: 'P',
          passphrase: 'pw',
        });
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
