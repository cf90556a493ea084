/** Offline validation of one AOP client certificate, its key and its issuing CA (pure: no I/O). */
import type { Finding } from '../findings.js';
import { certificateBlocks } from './certificate-file.js';
import { checkIssuance } from './chain.js';
import { ignoreListFindings, markSuppressed } from './ignore.js';
import { daysLeft, inspectCertificate, type InspectedCertificate } from './inspect.js';
import { encodePem } from './pem.js';
import { dnsNamesOf } from './extensions.js';
import { lintCertificate } from './lints/index.js';
import { validityDependsOnChange } from './lints/validity.js';
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
  /**
   * Whether this change adds or replaces the certificate, so that its expiry blocks. A function is
   * asked only when the answer changes a finding: the certificate is expired, not valid yet, or
   * within fail-days.
   */
  changed: boolean | (() => Promise<boolean>);
  /**
   * Where this certificate's manifest entry is, for findings about the entry itself (an unknown
   * `ignore:` ID, a key from an environment variable); default: the certificate file.
   */
  manifestEntry?: { file: string; line?: number };
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
  /**
   * Set when one finding stands for every other (a CA in the leaf's place): checks that compare
   * the certificate with other files (the extension file) would only pile on, so they are skipped.
   */
  rootCause?: true;
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
 * `ignore:` list covers; checkCertificate already reports what is wrong with the list.
 */
export function suppressIgnored(findings: Finding[], ignore: string[]): Finding[] {
  return markSuppressed(findings, ignore);
}

export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const at: Location = { file: input.certificate.path, zone: input.zone, certificate: input.name };
  const entryAt: Location = { ...at, ...input.manifestEntry };
  const leaf = await checkLeaf(input);
  const key = checkKey(input.key, leaf.certificate);
  const keyAt = input.key?.source === 'file' ? { ...at, file: input.key.path } : entryAt;
  const placed = [
    ...leaf.problems.map((found) => placeProblem(found, { ...at, line: leaf.line })),
    ...(leaf.rootCause ? [] : key.problems).map((found) => placeProblem(found, keyAt)),
  ];
  const findings = [...markSuppressed(placed, input.ignore), ...ignoreListFindings(input.ignore, entryAt)];
  const check: CertificateCheck = { findings };
  if (leaf.facts) check.facts = leaf.facts;
  if (leaf.rootCause) check.rootCause = true;
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
  rootCause?: true;
}

async function checkLeaf(input: CertificateCheckInput): Promise<LeafCheck> {
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
  const changed =
    typeof input.changed === 'boolean'
      ? input.changed
      : // Unasked, the answer is never read: only expiry that depends on it reads it.
        !validityDependsOnChange(certificate, input) || (await input.changed());
  const lints = [...lintCertificate(certificate, { ...input, changed, issuers }), ...issuance.problems];
  const rootCause = caInLeafPlace(certificate, lints);
  problems.push(...(rootCause ? [rootCause] : lints));
  const facts = factsOf(certificate, input.now, issuance.issuer !== undefined);
  if (issuance.issuer) facts.issuingCa = issuance.issuer.certificate.sha256;
  const checked: LeafCheck = { certificate, facts, problems, line: block.line };
  if (issuance.issuer) checked.issuer = issuance.issuer.certificate;
  if (rootCause) checked.rootCause = true;
  return checked;
}

/**
 * A CA where the leaf belongs: its missing EKU, long lifetime, names and issuer would be findings
 * about the wrong certificate, each with a fix that does not help; only the root cause is reported.
 */
function caInLeafPlace(certificate: InspectedCertificate, lints: Problem[]): Problem | undefined {
  if (!certificate.basicConstraints?.ca) return undefined;
  const found = lints.find((lint) => lint.rule === RULES.leafNotCa);
  if (!found || lints.length === 1) return found;
  return {
    ...found,
    message: `${found.message} The certificate's other checks are skipped until the file holds the leaf.`,
  };
}

/** The DER each facts object's `pem` is written out from, and the PEM once written. */
const pemSources = new WeakMap<object, { der?: Uint8Array; pem?: string }>();

/**
 * `pem`, written out on first read from the DER alone: only deploy, renew and the plan read it,
 * and a thousand PEM texts kept through a check's run made V8 double its young generation. One
 * getter for every object, appended as a new property, keeps the objects' shape fast (accessors of
 * their own, or a data property turned into one, would make each a dictionary).
 */
const LAZY_PEM: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): string {
    const source = pemSources.get(this) ?? {};
    return (source.pem ??= source.der ? encodePem(source.der, 'CERTIFICATE') : '');
  },
  set(this: object, value: string) {
    pemSources.set(this, { pem: value });
  },
};

function factsOf(certificate: InspectedCertificate, now: Date, issuedByOriginCa: boolean): CertificateFacts {
  const facts = {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    sha256: certificate.sha256,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    daysLeft: daysLeft(certificate.notAfter, now),
    dnsNames: dnsNamesOf(certificate),
    keyDescription: certificate.key.description,
  } as CertificateFacts;
  pemSources.set(facts, { der: certificate.der });
  Object.defineProperty(facts, 'pem', LAZY_PEM);
  facts.issuedByOriginCa = issuedByOriginCa;
  return facts;
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
