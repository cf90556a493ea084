/**
 * The successor against OpenSSL itself: for the same extension file and key, the extensions the
 * renewal builds are byte for byte those `openssl x509 -req -extfile` wrote, and the certificate
 * verifies with `openssl verify` whatever the CA's key type.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/pki/index.js';
import { inspectCertificate, type InspectedCertificate } from '../../src/pki/inspect.js';
import { decodePemText } from '../../src/pki/pem.js';
import { rawExtensions } from '../../src/renew/extensions.js';
import { makeSuccessor } from '../../src/renew/successor.js';

interface OpensslPki {
  dir: string;
  caPem: string;
  caKeyPem: string;
  leafPem: string;
}

function run(dir: string, args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A CA with `caKey` (genpkey arguments) and a leaf signed with `extfile`, all by the openssl CLI. */
function opensslPki(caKey: string[], extfile: string, caSign: string[] = []): OpensslPki {
  const dir = mkdtempSync(join(tmpdir(), 'aop-renew-'));
  run(dir, ['genpkey', ...caKey, '-out', 'ca.key']);
  run(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-days',
    '30',
    '-subj',
    '/O=Edge/CN=Origin Pull CA',
    ...caSign,
    '-out',
    'ca.crt',
  ]);
  writeFileSync(join(dir, 'cert.v3.ext'), extfile);
  run(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'cert.key']);
  run(dir, [
    'req',
    '-new',
    '-key',
    'cert.key',
    '-subj',
    '/C=DE/O=Edge/CN=app.example.com/emailAddress=ops@example.com',
    '-out',
    'cert.csr',
  ]);
  run(dir, [
    'x509',
    '-req',
    '-in',
    'cert.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '10',
    '-extfile',
    'cert.v3.ext',
    ...caSign,
    '-out',
    'cert.crt',
  ]);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { dir, caPem: read('ca.crt'), caKeyPem: read('ca.key'), leafPem: read('cert.crt') };
}

const inspected = (pem: string): InspectedCertificate =>
  inspectCertificate(decodePemText(pem).blocks[0]!.der!)!;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function renewSame(pki: OpensslPki, extfile: string | undefined) {
  return makeSuccessor({
    oldLeaf: inspected(pki.leafPem),
    ca: inspected(pki.caPem),
    caKey: createPrivateKey(pki.caKeyPem),
    ...(extfile === undefined ? {} : { extFileText: extfile }),
    validityDays: 90,
    now: new Date(),
    key: { kind: 'same' },
  });
}

function opensslVerifies(pki: OpensslPki, pem: string): string {
  writeFileSync(join(pki.dir, 'next.crt'), pem);
  return run(pki.dir, ['verify', '-CAfile', 'ca.crt', 'next.crt']).trim();
}

const RSA = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];

const EXTFILES: Record<string, string> = {
  seed: 'basicConstraints=CA:FALSE\n',
  'client profile': [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyAgreement',
    'extendedKeyUsage = clientAuth, 1.3.6.1.4.1.99999.1',
    'subjectAltName = DNS:app.example.com, IP:192.0.2.7, IP:2001:db8::7, email:copy, URI:https://app.example.com/',
    '',
  ].join('\n'),
  'sections, identifiers and DER': [
    'extensions = leaf',
    '[leaf]',
    'basicConstraints = CA:FALSE',
    'keyUsage = digitalSignature',
    'subjectAltName = @names',
    'subjectKeyIdentifier = none',
    'authorityKeyIdentifier = keyid:always, issuer:always',
    '1.3.6.1.4.1.99999.2 = DER:05:00',
    '[names]',
    'DNS.1 = app.example.com',
    'DNS.2 = *.app.example.com',
    '',
  ].join('\n'),
  'issuer only': 'basicConstraints=CA:FALSE\nauthorityKeyIdentifier=issuer\nsubjectKeyIdentifier=hash\n',
};

describe('successor', () => {
  for (const [name, extfile] of Object.entries(EXTFILES)) {
    it(`builds exactly the extensions openssl wrote from the ${name} extension file`, () => {
      const pki = opensslPki(RSA, extfile);
      const successor = renewSame(pki, extfile);
      const expected = rawExtensions(inspected(pki.leafPem)).map((e) => [e.oid, e.critical, hex(e.value)]);
      const actual = rawExtensions(successor.certificate).map((e) => [e.oid, e.critical, hex(e.value)]);
      expect(actual.sort()).toEqual(expected.sort());
      expect(opensslVerifies(pki, successor.pem)).toBe('next.crt: OK');
    });
  }

  it('keeps the old leaf\u2019s extensions when there is no extension file, and its subject byte for byte', () => {
    const pki = opensslPki(RSA, EXTFILES['client profile']!);
    const old = inspected(pki.leafPem);
    const successor = renewSame(pki, undefined);
    expect(hex(successor.certificate.subjectNameDer)).toBe(hex(old.subjectNameDer));
    expect(rawExtensions(successor.certificate)).toEqual(rawExtensions(old));
    expect(successor.certificate.serialNumber).not.toBe(old.serialNumber);
    expect(successor.certificate.serialBytes.length).toBeGreaterThanOrEqual(8);
    const days =
      (successor.certificate.notAfter.getTime() - successor.certificate.notBefore.getTime()) / 86_400_000;
    expect(days).toBe(90);
  });

  const CAS: Record<string, { key: string[]; sign?: string[]; algorithm: string }> = {
    'RSA (PKCS#1 v1.5)': { key: RSA, algorithm: 'sha256WithRSAEncryption' },
    'RSA-PSS': { key: ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'], algorithm: 'rsassaPss' },
    'ECDSA P-384': {
      key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
      algorithm: 'ecdsa-with-SHA384',
    },
    Ed25519: { key: ['-algorithm', 'ED25519'], algorithm: 'ED25519' },
  };
  for (const [name, ca] of Object.entries(CAS)) {
    it(`signs with a ${name} CA so that openssl verifies it and every lint passes`, async () => {
      const extfile = EXTFILES['client profile']!;
      const pki = opensslPki(ca.key, extfile, ca.sign);
      const successor = renewSame(pki, extfile);
      expect(opensslVerifies(pki, successor.pem)).toBe('next.crt: OK');
      expect(run(pki.dir, ['x509', '-in', 'next.crt', '-noout', '-text'])).toContain(
        `Signature Algorithm: ${ca.algorithm}`,
      );
      const check = await checkCertificate({
        zone: 'example.com',
        name: 'app',
        certificate: { path: 'pki/app.crt', bytes: Buffer.from(successor.pem) },
        originCa: { path: 'pki/ca.crt', bytes: Buffer.from(pki.caPem) },
        hostnames: ['app.example.com'],
        ignore: [],
        now: new Date(),
        warnDays: 30,
        failDays: 14,
        changed: true,
      });
      expect(check.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    });
  }

  it('makes a new key of the same type, size and curve, and lets it out only encrypted', () => {
    const pki = opensslPki(RSA, EXTFILES.seed!);
    const old = inspected(pki.leafPem);
    const successor = makeSuccessor({
      oldLeaf: old,
      ca: inspected(pki.caPem),
      caKey: createPrivateKey(pki.caKeyPem),
      validityDays: 30,
      now: new Date(),
      key: { kind: 'new', passphrase: 'correct horse' },
    });
    expect(successor.encryptedKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const key = createPrivateKey({ key: successor.encryptedKeyPem!, passphrase: 'correct horse' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new X509Certificate(successor.pem).checkPrivateKey(key)).toBe(true);
    expect(hex(successor.certificate.spki)).not.toBe(hex(old.spki));
    writeFileSync(join(pki.dir, 'new.key'), successor.encryptedKeyPem!);
    expect(run(pki.dir, ['asn1parse', '-in', 'new.key'])).toMatch(/PBES2[\s\S]*aes-256-cbc/);
  });
});
