/**
 * Which CA of a zone's origin-ca file signed a certificate: the ownership test of DESIGN §2
 * (owned = signed by one of them) and the CA identity a rollover compares.
 */
import { X509Certificate } from 'node:crypto';
import { certificateBlocks } from './certificate-file.js';
import { findIssuer } from './chain.js';
import { inspectCertificate } from './inspect.js';
import { loadOriginCa } from './origin-ca.js';

/** The SHA-256 (hex) of the origin-ca certificate that signed `certificatePem`, if any did. */
export function issuingCaOf(certificatePem: string, originCa: Uint8Array): string | undefined {
  // Cloudflare returns the leaf alone; should it ever append a chain, the leaf still comes first.
  const block = certificateBlocks(new TextEncoder().encode(certificatePem), 'origin-ca').blocks[0];
  const certificate = block && inspectCertificate(block.der);
  return certificate && findIssuer(certificate, loadOriginCa(originCa).certificates)?.certificate.sha256;
}

/** The DNS names a certificate is for: its SAN dNSNames, else its CN; lowercase. */
export function certificateNames(certificatePem: string): string[] {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return [];
  }
  const dns = (certificate.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  if (dns.length > 0) return dns;
  const cn = /^CN=(.+)$/m.exec(certificate.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}
