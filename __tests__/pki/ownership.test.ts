import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateNames } from '../../src/pki/ownership.js';
import { certificateFromPem } from '../../src/pki/inspect.js';
import { makeCA, makeLeaf } from '../../test-support/pki.js';

describe('certificates Cloudflare returns, read with the same parser as the repository’s', () => {
  it('takes the first certificate of a PEM text, with the DER SHA-256 node:crypto computes', async () => {
    const ca = await makeCA();
    const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
    const parsed = certificateFromPem(`${leaf.certPem}${ca.certPem}`);
    expect(parsed?.sha256).toBe(
      new X509Certificate(leaf.certPem).fingerprint256.replace(/:/g, '').toLowerCase(),
    );
    expect(
      certificateFromPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
    ).toBeUndefined();
    expect(certificateFromPem('not a certificate')).toBeUndefined();
  });

  it('names a certificate by its SAN DNS names, else by its CN, in lowercase', async () => {
    const ca = await makeCA();
    const withSan = await makeLeaf(ca, {
      cn: 'Ignored.Example.com',
      dns: ['App.Example.com', 'www.example.com'],
    });
    expect(certificateNames(withSan.certPem)).toEqual(['app.example.com', 'www.example.com']);
    const noSan = await makeLeaf(ca, { cn: 'Origin.Example.com', dns: [] });
    expect(certificateNames(noSan.certPem)).toEqual(['origin.example.com']);
    expect(certificateNames('garbage')).toEqual([]);
  });
});
