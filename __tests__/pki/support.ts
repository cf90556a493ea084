/** Builds checkCertificate inputs from test-support PKIs; not a test file itself. */
import type { Finding } from '../../src/findings.js';
import { checkCertificate, type CertificateCheckInput, type CertificateCheck } from '../../src/pki/index.js';
import type { Issued } from '../../test-support/pki.js';

export const CERT_PATH = 'pki/app/cert.crt';
export const CA_PATH = 'pki/rootca.crt';

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function inputFor(
  leaf: Issued | string | Uint8Array,
  ca: Issued | string,
  overrides: Partial<CertificateCheckInput> = {},
): CertificateCheckInput {
  const leafBytes =
    leaf instanceof Uint8Array ? leaf : bytesOf(typeof leaf === 'string' ? leaf : leaf.certPem);
  return {
    zone: 'example.com',
    name: 'app',
    certificate: { path: CERT_PATH, bytes: leafBytes },
    originCa: { path: CA_PATH, bytes: bytesOf(typeof ca === 'string' ? ca : ca.certPem) },
    hostnames: ['app.example.com'],
    ignore: [],
    now: new Date(),
    warnDays: 30,
    failDays: 14,
    changed: true,
    ...overrides,
  };
}

export function check(
  leaf: Issued | string | Uint8Array,
  ca: Issued | string,
  overrides: Partial<CertificateCheckInput> = {},
): Promise<CertificateCheck> {
  return checkCertificate(inputFor(leaf, ca, overrides));
}

/** The findings of one rule. */
export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

/** `rule:severity` of every finding, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.rule}:${finding.severity}`);
}
