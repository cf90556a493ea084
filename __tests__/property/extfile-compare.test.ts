/**
 * Comparing an extension file with a certificate whose extensions are damaged (but which still
 * parses): no exception escapes, whatever the extensions hold.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareExtFile, parseExtFile } from '../../src/pki/extfile/index.js';
import { inspectCertificate, type InspectedCertificate } from '../../src/pki/inspect.js';
import { makeCA, makeLeaf, x509, type Issued } from '../../test-support/pki.js';
import { mutatedBytes, RUNS } from './mutate.js';

const FILE = [
  'authorityKeyIdentifier=keyid,issuer',
  'basicConstraints=critical,CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = clientAuth',
  'subjectAltName = DNS:app.example.com, IP:10.0.0.1, email:a@example.com',
  'subjectKeyIdentifier = hash',
  '1.3.6.1.4.1.99999.1 = DER:05:00',
].join('\n');

let ca: Issued;
let issuer: InspectedCertificate;
let leafDer: Uint8Array;

beforeAll(async () => {
  ca = await makeCA();
  const leaf = await makeLeaf(ca, {
    dns: ['app.example.com'],
    extraExtensions: [new x509.Extension('1.3.6.1.4.1.99999.1', false, new Uint8Array([5, 0]))],
  });
  leafDer = new Uint8Array(leaf.cert.rawData);
  issuer = inspectCertificate(new Uint8Array(ca.cert.rawData))!;
});

describe('compareExtFile, property-based', () => {
  it('a certificate with damaged bytes that still parses', async () => {
    const parsed = parseExtFile(FILE);
    await fc.assert(
      fc.asyncProperty(mutatedBytes(leafDer), async (der) => {
        const cert = inspectCertificate(der);
        if (!cert) return;
        const findings = await compareExtFile(parsed, cert, issuer);
        for (const finding of findings) expect(finding.rule).toMatch(/^extfile\./);
      }),
      { numRuns: RUNS },
    );
  });
});
