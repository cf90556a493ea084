/** Subject and authority key identifiers (RFC 5280 §4.2.1.1–2). */
import { hash } from 'node:crypto';
import type { InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';

export function keyIdentifierProblems(certificate: InspectedCertificate): Problem[] {
  const problems: Problem[] = [];
  if (!certificate.authorityKeyId) {
    problems.push(
      problem(
        RULES.akiPresent,
        'The certificate has no authority key identifier; strict verifiers (OpenSSL -x509_strict, error 85) reject it.',
        'Write this line in cert.v3.ext and re-issue: `authorityKeyIdentifier=keyid,issuer`.',
      ),
    );
  }
  if (!certificate.subjectKeyId) {
    problems.push(
      problem(
        RULES.skiPresent,
        'The certificate has no subject key identifier.',
        'Write this line in cert.v3.ext and re-issue: `subjectKeyIdentifier=hash`.',
      ),
    );
  } else if (certificate.subjectKeyId !== methodOneKeyId(certificate)) {
    problems.push(
      problem(
        RULES.skiPresent,
        'The subject key identifier is not the SHA-1 hash of the public key (RFC 5280 method 1), so it may not identify this key.',
        'Write this line in cert.v3.ext and re-issue: `subjectKeyIdentifier=hash`.',
      ),
    );
  }
  return problems;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value. */
function methodOneKeyId(certificate: InspectedCertificate): string {
  return hash('sha1', certificate.subjectPublicKey);
}
