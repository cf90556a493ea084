/** Extended key usage and key usage, as OpenSSL's `check_purpose_ssl_client` and zlint judge them. */
import type { InspectedCertificate } from '../inspect.js';
import { EKU } from '../oids.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';
import { KEY_USAGE } from '../extensions.js';

const EKU_LINE = 'Write this line in cert.v3.ext and re-issue: `extendedKeyUsage = clientAuth`.';
const KU_LINE = 'Write this line in cert.v3.ext and re-issue: `keyUsage = critical, digitalSignature`.';
const { digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement } = KEY_USAGE;

export function extendedKeyUsageProblems(certificate: InspectedCertificate): Problem[] {
  const extension = certificate.extendedKeyUsage;
  if (!extension) {
    return [
      problem(
        RULES.ekuPresentExplicit,
        'The certificate has no extended key usage, so it is valid for any purpose; a client certificate should say clientAuth.',
        EKU_LINE,
      ),
    ];
  }
  const usages = extension.usages.map(String);
  if (usages.length === 0) {
    return [problem(RULES.ekuClientAuth, 'The extended key usage extension is empty.', EKU_LINE)];
  }
  if (!usages.includes(EKU.clientAuth) && !usages.includes(EKU.any)) {
    return [
      problem(
        RULES.ekuClientAuth,
        'The extended key usage does not include clientAuth, so nginx rejects the certificate ("unsuitable certificate purpose", error 26).',
        EKU_LINE,
      ),
    ];
  }
  if (usages.length > 1 || !usages.includes(EKU.clientAuth)) {
    const what = usages.includes(EKU.any) ? 'anyExtendedKeyUsage' : 'purposes besides clientAuth';
    return [
      problem(
        RULES.ekuPresentExplicit,
        `The extended key usage allows ${what}; a client certificate for origin pulls should allow clientAuth only.`,
        EKU_LINE,
      ),
    ];
  }
  return [];
}

export function keyUsageProblems(certificate: InspectedCertificate): Problem[] {
  const extension = certificate.keyUsage;
  if (!extension) {
    return [problem(RULES.kuPresentCriticalMinimal, 'The certificate has no key usage extension.', KU_LINE)];
  }
  const bits: number = extension.usages;
  const isEc = certificate.key.type === 'ec';
  const isRsa = certificate.key.type === 'rsa' || certificate.key.type === 'rsa-pss';
  const problems: Problem[] = [];
  if (bits === 0) {
    problems.push(problem(RULES.kuSigning, 'The key usage extension has no bits set.', KU_LINE));
  } else if ((bits & digitalSignature) === 0 && !(isEc && (bits & keyAgreement) !== 0)) {
    problems.push(
      problem(
        RULES.kuSigning,
        `The key usage lacks digitalSignature${isEc ? ' (or keyAgreement)' : ''}, so nginx rejects the certificate ("unsuitable certificate purpose", error 26).`,
        KU_LINE,
      ),
    );
  }
  if (isRsa && (bits & keyAgreement) !== 0) {
    problems.push(
      problem(RULES.kuSigning, 'The key usage has keyAgreement, which an RSA key cannot do.', KU_LINE),
    );
  }
  if (isEc && (bits & (keyEncipherment | dataEncipherment)) !== 0) {
    problems.push(
      problem(
        RULES.kuSigning,
        'The key usage has keyEncipherment or dataEncipherment, which an EC key cannot do (RFC 8813).',
        KU_LINE,
      ),
    );
  }
  if (problems.length > 0) return problems;
  const extra = bits & (nonRepudiation | keyEncipherment | dataEncipherment);
  if (extra !== 0 || !extension.critical) {
    const issues = [
      ...(extension.critical ? [] : ['is not marked critical']),
      ...(extra !== 0
        ? [
            'allows more than a client certificate needs (nonRepudiation/keyEncipherment/dataEncipherment, which RFC 5280 does not pair with clientAuth)',
          ]
        : []),
    ];
    problems.push(problem(RULES.kuPresentCriticalMinimal, `The key usage ${issues.join(' and ')}.`, KU_LINE));
  }
  return problems;
}
