import { describe, expect, it } from 'vitest';
import { toHostnameAssociation, toHostnameCertificate } from '../../src/cloudflare/normalize.js';
import { freshLeaf } from './harness.js';

describe('normalizing what Cloudflare returns', () => {
  it('reads a certificate-shaped item', async () => {
    const leaf = await freshLeaf();
    const cert = toHostnameCertificate({
      id: 'c1',
      certificate: leaf.certPem,
      status: 'active',
      expires_on: '2100-01-01T05:20:00Z',
      serial_number: '6743787633689793699141714808227354901',
      issuer: 'Test Origin CA',
      signature: 'SHA256WithECDSA',
      uploaded_on: '2019-10-28T18:11:23.37411Z',
    });
    expect(cert).toMatchObject({ id: 'c1', status: 'active', expiresOn: '2100-01-01T05:20:00Z' });
    expect(cert.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.certificatePem).toBe(leaf.certPem);
  });

  it('reads an association-shaped item by cert_id and cert_status', () => {
    expect(
      toHostnameCertificate({
        cert_id: 'c2',
        cert_status: 'pending_deployment',
        status: 'active',
        cert_uploaded_on: 'x',
      }),
    ).toEqual({ id: 'c2', status: 'pending_deployment', uploadedOn: 'x' });
  });

  it('leaves sha256 out when the PEM does not parse', () => {
    expect(
      toHostnameCertificate({ id: 'c3', status: 'active', certificate: 'not a pem' }).sha256,
    ).toBeUndefined();
  });

  it('keeps enabled as true, false or null (missing reads as null)', () => {
    const enabled = [true, false, null, undefined].map(
      (value) => toHostnameAssociation({ hostname: 'a.example.com', cert_id: 'c1', enabled: value }).enabled,
    );
    expect(enabled).toEqual([true, false, null, null]);
  });
});
