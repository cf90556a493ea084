/** Hygiene of a CA in origin-ca: what strict verifiers (OpenSSL -x509_strict, Python) require of it. */
import type { InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';
import { KEY_USAGE } from '../extensions.js';

const REISSUE_CA =
  'Re-issue the CA with the same key and add: `-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"` to `openssl req -x509 -new -key rootca.key ...` (leaves stay valid: same name and key).';

export function caHygieneProblems(certificate: InspectedCertificate, line: number | undefined): Problem[] {
  const constraints = certificate.basicConstraints;
  if (!constraints?.ca) {
    return [
      problem(
        RULES.caHygiene,
        `${certificate.subject} in origin-ca is not a CA (no basicConstraints CA:TRUE); the origin cannot use it to verify client certificates.`,
        'Keep only CA certificates in origin-ca; the leaf goes in its own file.',
        { line },
      ),
    ];
  }
  const issues: string[] = [];
  if (!constraints.critical) issues.push('its basicConstraints is not critical');
  const usages: number | undefined = certificate.keyUsage?.usages;
  if (usages === undefined) issues.push('it has no keyUsage (OpenSSL -x509_strict: error 92)');
  else if ((usages & KEY_USAGE.keyCertSign) === 0) issues.push('its keyUsage lacks keyCertSign');
  else if (!certificate.keyUsage?.critical) issues.push('its keyUsage is not critical');
  if (!certificate.subjectKeyId) issues.push('it has no subject key identifier');
  if (issues.length === 0) return [];
  return [
    problem(
      RULES.caHygiene,
      `The CA ${certificate.subject}: ${issues.join('; ')}; strict verifiers reject it.`,
      REISSUE_CA,
      {
        line,
      },
    ),
  ];
}
