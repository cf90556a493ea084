/**
 * Which CA of a zone's origin-ca file signed a certificate: the ownership test (owned = signed by
 * one of them) and the CA identity a rollover compares.
 */
import { findIssuer } from './chain.js';
import { dnsNamesOf } from './extensions.js';
import { commonNames } from './distinguished-name.js';
import { certificateFromPem } from './inspect.js';
import { loadOriginCa } from './origin-ca.js';

/** The SHA-256 (hex) of the origin-ca certificate that signed `certificatePem`, if any did. */
export function issuingCaOf(certificatePem: string, originCa: Uint8Array): string | undefined {
  // Cloudflare returns the leaf alone; should it ever append a chain, the leaf still comes first.
  const certificate = certificateFromPem(certificatePem);
  return certificate && findIssuer(certificate, loadOriginCa(originCa).certificates)?.certificate.sha256;
}

/** The DNS names a certificate is for: its SAN dNSNames, else its CN; lowercase. */
export function certificateNames(certificatePem: string): string[] {
  const certificate = certificateFromPem(certificatePem);
  if (!certificate) return [];
  const dns = dnsNamesOf(certificate).map((name) => name.toLowerCase());
  if (dns.length > 0) return dns;
  const cn = commonNames(certificate.subjectAttributes)[0];
  return cn ? [cn.toLowerCase()] : [];
}
