import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { bytesOf, CERT_PATH, check, ofRule, summary } from './support.js';

let ca: Issued;
let leaf: Issued;

beforeAll(async () => {
  ca = await makeCA();
  leaf = await makeLeaf(ca);
});

function derOf(issued: Issued): Uint8Array {
  return new Uint8Array(issued.cert.rawData);
}

describe('certificate file decoding', () => {
  it('accepts one PEM certificate and normalizes it for upload', async () => {
    const messy = `\uFEFFCertificate:\r\n    (openssl x509 -text output)\r\n${leaf.certPem.replace(/\n/g, '\r\n')}`;
    const result = await check(messy, ca);
    expect(summary(result.findings)).toEqual([]);
    expect(result.facts?.pem).toBe(leaf.cert.toString('pem').replace(/\r\n/g, '\n') + '\n');
    expect(result.facts?.pem).not.toContain('\r');
  });

  it('reports DER with the conversion command, and still checks the certificate', async () => {
    const result = await check(derOf(leaf), ca);
    const [der] = ofRule(result.findings, 'input.der');
    expect(der).toMatchObject({ severity: 'error', file: CERT_PATH });
    expect(der!.fix).toContain('openssl x509 -inform der -in X -out X.pem');
    expect(result.facts?.subject).toBe('CN=app.example.com');
  });

  it('refuses a file with two certificates, pointing at the second block', async () => {
    const result = await check(leaf.certPem + ca.certPem, ca);
    expect(summary(result.findings)).toEqual(['input.single_cert:error']);
    expect(result.findings[0]!.line).toBe(leaf.certPem.trimEnd().split('\n').length + 1);
    expect(result.facts).toBeUndefined();
  });

  it('reports a private key in the certificate file without quoting it', async () => {
    const result = await check(leaf.certPem + leaf.keyPem, ca);
    const [found] = ofRule(result.findings, 'secret.plaintext_key');
    expect(found).toMatchObject({ severity: 'error', line: leaf.certPem.trimEnd().split('\n').length + 1 });
    const keyBody = leaf.keyPem.split('\n')[1]!;
    expect(JSON.stringify(result.findings)).not.toContain(keyBody);
  });

  it('refuses files over 1 MiB before decoding them', async () => {
    const big = bytesOf(leaf.certPem + ' '.repeat(1024 * 1024));
    const result = await check(big, ca);
    expect(summary(result.findings)).toEqual(['input.too_large:error']);
  });

  it.each<[string, () => string]>([
    ['no PEM block', () => 'hello'],
    ['a truncated block', () => leaf.certPem.slice(0, 200)],
    ['a corrupted body', () => '-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n'],
    ['a block that is not X.509', () => '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n'],
  ])('reports %s as input.single_cert', async (_name, text) => {
    const result = await check(text(), ca);
    expect(summary(result.findings)).toEqual(['input.single_cert:error']);
  });

  it('reports a file with no CERTIFICATE block (a key only)', async () => {
    const result = await check(leaf.keyPem, ca);
    expect(summary(result.findings).sort()).toEqual([
      'input.single_cert:error',
      'secret.plaintext_key:error',
    ]);
  });
});
