/** Offline validation of one AOP client certificate, its key and its issuing CA (pure: no I/O). */
import type { Finding, RuleInfo } from '../findings.js';
import { certificateBlocks } from './certificate-file.js';
import { checkIssuance } from './chain.js';
import { markSuppressed, unknownRuleFindings } from './ignore.js';
import { daysLeft, inspectCertificate, normalizedPem, type InspectedCertificate } from './inspect.js';
import { EXTFILE_RULES } from './extfile/index.js';
import { dnsNamesOf } from './extensions.js';
import { lintCertificate } from './lints/index.js';
import { loadOriginCa } from './origin-ca.js';
import { placeProblem, problem, type Location, type Problem } from './problem.js';
import { RULES } from './rules.js';
import { checkKey, type KeyInput } from './keys.js';

export type { KeyInput } from './keys.js';

export interface FileInput {
  /** Repo-relative, for findings. */
  path: string;
  bytes: Uint8Array;
}

export interface CertificateCheckInput {
  zone: string;
  name: string;
  certificate: FileInput;
  originCa: FileInput;
  hostnames: string[];
  key?: KeyInput;
  ignore: string[];
  now: Date;
  warnDays: number;
  failDays: number;
  changed: boolean;
  /**
   * Where this certificate's manifest entry is, for findings about the entry itself (an unknown
   * `ignore:` ID, a key from an environment variable); default: the certificate file.
   */
  manifestEntry?: { file: string; line?: number };
  /** Rule IDs from other modules that `ignore:` may also name (the extension-file rules are always known). */
  extraRuleIds?: string[];
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Lowercase hex. */
  serialNumber: string;
  /** Lowercase hex SHA-256 of the DER, no colons. */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  /** floor((notAfter - now) / day). */
  daysLeft: number;
  dnsNames: string[];
  /** e.g. `RSA 2048`, `EC P-256`. */
  keyDescription: string;
  /** Normalized single-block PEM, LF, for upload. */
  pem: string;
  issuedByOriginCa: boolean;
  /** SHA-256 (hex) of the origin-ca certificate that signed it: the CA identity a rollover compares. */
  issuingCa?: string;
}

export interface CertificateCheck {
  facts?: CertificateFacts;
  findings: Finding[];
  /** Decrypted PKCS#8 PEM, only when a key was given and is valid: the caller masks it. */
  privateKeyPem?: string;
  /** The parsed certificate and the origin-ca certificate that signed it, for further checks. */
  certificate?: InspectedCertificate;
  issuer?: InspectedCertificate;
}

export interface OriginCaCertificate {
  subject: string;
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  selfSigned: boolean;
  line?: number;
}

/**
 * Marks findings from other checks of the same certificate (the extension file) whose rule its
 * `ignore:` list names; checkCertificate already reports IDs that are no rule.
 */
export function suppressIgnored(findings: Finding[], ignore: string[]): Finding[] {
  return markSuppressed(findings, ignore);
}

/** Every rule ID this module emits. */
export const PKI_RULES: RuleInfo[] = Object.values(RULES);

export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const at: Location = { file: input.certificate.path, zone: input.zone, certificate: input.name };
  const entryAt: Location = { ...at, ...input.manifestEntry };
  const leaf = checkLeaf(input);
  const key = checkKey(input.key, leaf.certificate);
  const keyAt = input.key?.source === 'file' ? { ...at, file: input.key.path } : entryAt;
  const placed = [
    ...leaf.problems.map((found) => placeProblem(found, { ...at, line: leaf.line })),
    ...key.problems.map((found) => placeProblem(found, keyAt)),
  ];
  const knownRuleIds = new Set([
    ...[...PKI_RULES, ...EXTFILE_RULES].map((rule) => rule.id),
    ...(input.extraRuleIds ?? []),
  ]);
  const findings = [
    ...markSuppressed(placed, input.ignore),
    ...unknownRuleFindings(input.ignore, knownRuleIds, entryAt),
  ];
  const check: CertificateCheck = { findings };
  if (leaf.facts) check.facts = leaf.facts;
  if (leaf.certificate) check.certificate = leaf.certificate;
  if (leaf.issuer) check.issuer = leaf.issuer;
  if (key.privateKeyPem !== undefined) check.privateKeyPem = key.privateKeyPem;
  return check;
}

interface LeafCheck {
  certificate?: InspectedCertificate;
  issuer?: InspectedCertificate;
  facts?: CertificateFacts;
  problems: Problem[];
  line?: number;
}

function checkLeaf(input: CertificateCheckInput): LeafCheck {
  const { blocks, problems } = certificateBlocks(input.certificate.bytes, 'leaf');
  const block = blocks[0];
  if (!block) return { problems };
  const certificate = inspectCertificate(block.der);
  if (!certificate) {
    problems.push(
      problem(
        RULES.inputSingleCert,
        'The CERTIFICATE block does not parse as an X.509 certificate.',
        'Commit the certificate exactly as `openssl x509 -req ... -out cert.crt` wrote it.',
      ),
    );
    return { problems, line: block.line };
  }
  const originCa = loadOriginCa(input.originCa.bytes);
  const issuance = checkIssuance(certificate, originCa.certificates, input.originCa.path, input.now);
  const issuers = issuance.path.map((ca) => ca.certificate);
  problems.push(...lintCertificate(certificate, { ...input, issuers }), ...issuance.problems);
  const facts = factsOf(certificate, input.now, issuance.issuer !== undefined);
  if (issuance.issuer) facts.issuingCa = issuance.issuer.certificate.sha256;
  const checked: LeafCheck = { certificate, facts, problems, line: block.line };
  if (issuance.issuer) checked.issuer = issuance.issuer.certificate;
  return checked;
}

function factsOf(certificate: InspectedCertificate, now: Date, issuedByOriginCa: boolean): CertificateFacts {
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    sha256: certificate.sha256,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    daysLeft: daysLeft(certificate.notAfter, now),
    dnsNames: dnsNamesOf(certificate),
    keyDescription: certificate.key.description,
    pem: normalizedPem(certificate),
    issuedByOriginCa,
  };
}

/** The origin-ca file's certificates and the problems with the file itself; call once per zone. */
export function decodeCaBundle(
  file: FileInput,
  where: { zone?: string } = {},
): { certs: OriginCaCertificate[]; findings: Finding[] } {
  const originCa = loadOriginCa(file.bytes);
  const at: Location = { file: file.path, ...where };
  const certs = originCa.certificates.map(({ certificate, selfSigned, line }) => {
    const summary: OriginCaCertificate = {
      subject: certificate.subject,
      sha256: certificate.sha256,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      selfSigned,
    };
    if (line !== undefined) summary.line = line;
    return summary;
  });
  return { certs, findings: originCa.problems.map((found) => placeProblem(found, at)) };
}

export { issuingCaOf } from './ownership.js';
