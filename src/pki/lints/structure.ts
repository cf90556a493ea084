/** Structure and encoding: version, serial number, signature algorithm, extension list, names, DER. */
import { sameBytes, TAG } from '../der.js';
import { COMMON_NAME } from '../distinguished-name.js';
import type { AlgorithmIdentifier, InspectedCertificate } from '../inspect.js';
import {
  EXTENSION,
  OPENSSL_SUPPORTED_CRITICAL,
  SIGNATURE,
  STRONG_HASHES,
  STRONG_SIGNATURES,
  WEAK_SIGNATURES,
} from '../oids.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';
import { pssParameters } from '../signature.js';

const REISSUE = 'Re-issue the certificate with `openssl x509 -req ... -sha256 -extfile cert.v3.ext`.';

export function versionProblems(certificate: InspectedCertificate): Problem[] {
  if (certificate.version === 3) return [];
  return [
    problem(
      RULES.versionV3,
      `The certificate is X.509 version ${certificate.version}, which carries no extensions: openssl issued it without reading the extension file.`,
      'Put the extension lines at the top of cert.v3.ext (before any [section]), or pass `-extensions <section>` to `openssl x509 -req`, and re-issue.',
    ),
  ];
}

export function serialProblems(certificate: InspectedCertificate): Problem[] {
  const bytes = certificate.serialBytes;
  const fix =
    'Re-issue with a random serial: `openssl x509 -req ... -CAcreateserial` (or `-set_serial 0x$(openssl rand -hex 16)`).';
  const negative = bytes.length > 0 && bytes[0]! >= 0x80;
  const nonMinimal =
    bytes.length > 1 && ((bytes[0] === 0x00 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80));
  const significant = bytes[0] === 0x00 ? bytes.subarray(1) : bytes;
  const problems: Problem[] = [];
  if (negative || significant.every((byte) => byte === 0)) {
    problems.push(
      problem(RULES.serialValid, 'The serial number is zero or negative; it must be positive.', fix),
    );
  } else if (bytes.length > 20) {
    problems.push(
      problem(
        RULES.serialValid,
        `The serial number is ${bytes.length} octets long; at most 20 are allowed.`,
        fix,
      ),
    );
  }
  if (nonMinimal) {
    problems.push(
      problem(
        RULES.serialValid,
        'The serial number is not minimally encoded (a superfluous leading byte).',
        fix,
      ),
    );
  }
  if (problems.length === 0 && significant.length < 8) {
    problems.push(
      problem(
        RULES.serialEntropy,
        `The serial number has only ${significant.length * 8} bits; at least 64 random bits are expected.`,
        fix,
      ),
    );
  }
  return problems;
}

export function signatureProblems(certificate: InspectedCertificate): Problem[] {
  const outer = certificate.signatureAlgorithm;
  const inner = certificate.tbsSignatureAlgorithm;
  const problems: Problem[] = [];
  const weakness = signatureWeakness(outer);
  if (weakness) problems.push(problem(RULES.sigHash, `The certificate is signed with ${weakness}.`, REISSUE));
  if (!sameBytes(outer.bytes, inner.bytes)) {
    problems.push(
      problem(
        RULES.sigHash,
        'The signature algorithm inside the signed data differs from the one outside it; verifiers reject such a certificate.',
        REISSUE,
      ),
    );
  }
  return problems;
}

/** Why a signature algorithm is not acceptable, or undefined when it is. */
function signatureWeakness(algorithm: AlgorithmIdentifier): string | undefined {
  const { oid } = algorithm;
  if (STRONG_SIGNATURES[oid]) return undefined;
  if (WEAK_SIGNATURES[oid])
    return `${WEAK_SIGNATURES[oid]}, a broken or weak hash (only SHA-256/384/512 are accepted)`;
  if (oid === SIGNATURE.rsaPss) {
    const hash = pssParameters(algorithm)?.hashOid;
    return hash && STRONG_HASHES.has(hash) ? undefined : 'RSA-PSS with a hash other than SHA-256/384/512';
  }
  return `an algorithm that is not accepted (${oid}); use SHA-256/384/512 with RSA or ECDSA`;
}

export function extensionListProblems(certificate: InspectedCertificate): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const fix =
    'Re-issue the certificate from a cert.v3.ext that names each extension once, and only extensions OpenSSL knows.';
  for (const extension of certificate.extensions) {
    if (seen.has(extension.type)) {
      problems.push(
        problem(
          RULES.extNoDupes,
          `The extension ${extension.type} appears more than once; verifiers reject the certificate.`,
          fix,
        ),
      );
    }
    seen.add(extension.type);
    if (extension.critical && !OPENSSL_SUPPORTED_CRITICAL.has(extension.type)) {
      const keyId =
        extension.type === EXTENSION.subjectKeyIdentifier ||
        extension.type === EXTENSION.authorityKeyIdentifier;
      problems.push(
        problem(
          RULES.extNoDupes,
          keyId
            ? `The key identifier extension ${extension.type} is marked critical, which RFC 5280 forbids and OpenSSL rejects.`
            : `The extension ${extension.type} is marked critical but OpenSSL does not know it, so nginx rejects the certificate.`,
          keyId
            ? 'Write the key identifier lines without `critical`: `subjectKeyIdentifier=hash` and `authorityKeyIdentifier=keyid,issuer`.'
            : fix,
        ),
      );
    }
  }
  for (const oid of certificate.malformedExtensions) {
    problems.push(problem(RULES.extMalformed, `The value of the extension ${oid} does not parse.`, fix));
  }
  return problems;
}

export function subjectProblems(certificate: InspectedCertificate): Problem[] {
  const problems: Problem[] = [];
  const san = certificate.subjectAltName;
  if (certificate.subjectAttributes.length === 0 && !(san?.critical && san.names.length > 0)) {
    problems.push(
      problem(
        RULES.subjectNonempty,
        'The certificate has an empty subject and no critical subjectAltName to name it.',
        'Re-issue from a CSR with a subject: `openssl req -new ... -subj /CN=app.example.com`.',
      ),
    );
  }
  if (certificate.issuerAttributes.length === 0) {
    problems.push(
      problem(
        RULES.subjectNonempty,
        'The certificate has an empty issuer name.',
        'Re-issue it from the CA in origin-ca.',
      ),
    );
  }
  return problems;
}

function hasControlCharacters(text: string): boolean {
  // A loop over code units: spreading the string into characters cost more than the rest of the lint.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const PLAIN_STRINGS: ReadonlySet<number> = new Set([TAG.printableString, TAG.utf8String, TAG.ia5String]);

export function subjectEncodingProblems(certificate: InspectedCertificate): Problem[] {
  const issues = new Set<string>();
  for (const { type, tag, text } of certificate.subjectAttributes) {
    if (!PLAIN_STRINGS.has(tag) || text === undefined) {
      issues.add('an attribute that is not a PrintableString, UTF8String or IA5String');
      continue;
    }
    if (hasControlCharacters(text)) issues.add('control characters');
    if (text !== text.trim()) issues.add('leading or trailing spaces');
    if (type === COMMON_NAME && text.length > 64) issues.add('a common name longer than 64 characters');
  }
  if (issues.size === 0) return [];
  return [
    problem(
      RULES.subjectEncoding,
      `The subject has ${[...issues].join(', ')}.`,
      'Re-issue from a CSR with a plain subject: `openssl req -new ... -subj /CN=app.example.com`.',
    ),
  ];
}

export function derProblems(certificate: InspectedCertificate): Problem[] {
  if (certificate.derNotes.length === 0) return [];
  return [
    problem(
      RULES.derStrict,
      `The certificate is not strict DER (${[...new Set(certificate.derNotes)].join('; ')}); some verifiers reject such certificates.`,
      'Re-issue it with OpenSSL, which always writes DER.',
    ),
  ];
}
