import { beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { makeCA, makeLeaf, x509, type Issued } from '../../test-support/pki.js';
import { CA_PATH, CERT_PATH, check } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA({ cn: 'Example Origin CA' });
});

describe('certificate facts', () => {
  it('match what node:crypto reads from the same certificate', async () => {
    const leaf = await makeLeaf(ca, {
      dns: ['app.example.com', 'www.example.com'],
      key: { alg: 'ec', curve: 'P-384' },
    });
    const { facts } = await check(leaf, ca);
    const native = new X509Certificate(leaf.certPem);
    expect(facts).toMatchObject({
      subject: 'CN=app.example.com',
      issuer: 'CN=Example Origin CA',
      serialNumber: native.serialNumber.toLowerCase(),
      sha256: native.fingerprint256.replace(/:/g, '').toLowerCase(),
      notBefore: new Date(native.validFrom),
      notAfter: new Date(native.validTo),
      dnsNames: ['app.example.com', 'www.example.com'],
      keyDescription: 'EC P-384',
      issuedByOriginCa: true,
    });
    expect(new X509Certificate(facts!.pem).fingerprint256).toBe(native.fingerprint256);
  });

  it('are given for a certificate with errors, so the report can show it', async () => {
    const { facts, findings } = await check(ca, ca);
    expect(findings.some((finding) => finding.severity === 'error')).toBe(true);
    expect(facts?.subject).toBe('CN=Example Origin CA');
  });
});

describe('findings', () => {
  it('each say where the problem is and how to fix it, and never quote the file', async () => {
    const messy = await makeLeaf(ca, {
      cn: 'other.example.com',
      eku: ['serverAuth'],
      keyUsage: x509.KeyUsageFlags.keyEncipherment,
      basicConstraints: null,
      aki: false,
      ski: false,
      days: 5,
      serialNumber: '01',
      hash: 'SHA-1',
    });
    const { findings } = await check(messy, ca);
    expect(findings.length).toBeGreaterThan(8);
    for (const finding of findings) {
      expect(finding).toMatchObject({ file: CERT_PATH, zone: 'example.com', certificate: 'app', line: 1 });
      expect(finding.message.length).toBeGreaterThan(20);
      expect(finding.fix?.length).toBeGreaterThan(20);
      expect(finding.message + finding.fix).not.toContain(messy.certPem.split('\n')[1]!.slice(0, 16));
    }
    expect(findings.map((finding) => finding.file)).not.toContain(CA_PATH);
  });
});
