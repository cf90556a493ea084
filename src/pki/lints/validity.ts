/** Validity window and expiry (DESIGN §2 "Expiry blocks only what it should"). */
import { isoDate } from '../../dates.js';
import type { Severity } from '../../findings.js';
import { DAY_MS, daysLeft, type InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';

export interface ExpiryPolicy {
  now: Date;
  warnDays: number;
  failDays: number;
  /** This change adds or replaces the certificate; an unchanged one only warns. */
  changed: boolean;
}

const RENEW =
  'Issue a new certificate from the same CSR or a new key (`openssl x509 -req ... -days 730 ...`), commit it, and let deploy upload it.';

/** Where the certificate stands in its validity window, as validityProblems reports it. */
type ValidityStage = 'empty' | 'not-yet-valid' | 'expired' | 'critical' | 'warn' | 'fine';

function validityStage(
  certificate: InspectedCertificate,
  policy: Omit<ExpiryPolicy, 'changed'>,
): ValidityStage {
  const { notBefore, notAfter } = certificate;
  if (notBefore >= notAfter) return 'empty';
  if (policy.now < notBefore) return 'not-yet-valid';
  if (policy.now >= notAfter) return 'expired';
  const left = daysLeft(notAfter, policy.now);
  if (left < policy.failDays) return 'critical';
  if (left < policy.warnDays) return 'warn';
  return 'fine';
}

/**
 * Whether the certificate's validity findings depend on `changed` (they block a change, and only
 * warn otherwise): only then is the question worth asking (on a PR, a git process per run).
 */
export function validityDependsOnChange(
  certificate: InspectedCertificate,
  policy: Omit<ExpiryPolicy, 'changed'>,
): boolean {
  const stage = validityStage(certificate, policy);
  return stage === 'not-yet-valid' || stage === 'expired' || stage === 'critical';
}

export function validityProblems(certificate: InspectedCertificate, policy: ExpiryPolicy): Problem[] {
  const { notBefore, notAfter } = certificate;
  const blocking: Severity = policy.changed ? 'error' : 'warning';
  const left = daysLeft(notAfter, policy.now);
  switch (validityStage(certificate, policy)) {
    case 'empty':
      return [
        problem(
          RULES.validityWindow,
          `The certificate's validity window is empty: notBefore (${notBefore.toISOString()}) is not before notAfter (${notAfter.toISOString()}).`,
          RENEW,
        ),
      ];
    case 'not-yet-valid':
      return [
        problem(
          RULES.validityWindow,
          `The certificate is not valid yet: it starts on ${notBefore.toISOString()}; nginx rejects it until then (error 9).`,
          "Re-issue it without a future start date, and check the signing machine's clock.",
          { severity: blocking },
        ),
      ];
    case 'expired':
      return [
        problem(
          RULES.expiryExpired,
          `The certificate expired on ${isoDate(notAfter)}; nginx rejects it (error 10).`,
          RENEW,
          { severity: blocking },
        ),
      ];
    case 'critical':
      return [
        problem(
          RULES.expiryCritical,
          `The certificate expires on ${isoDate(notAfter)}, in ${left} days (fail-days is ${policy.failDays}).`,
          RENEW,
          { severity: blocking },
        ),
      ];
    case 'warn':
      return [
        problem(
          RULES.expiryWarn,
          `The certificate expires on ${isoDate(notAfter)}, in ${left} days (warn-days is ${policy.warnDays}).`,
          RENEW,
        ),
      ];
    case 'fine':
      return [];
  }
}

/** Longer than this is "very long" for a private client leaf (the recipe issues 730 days). */
const MAX_VALIDITY_DAYS = 825;

export function validityLengthProblems(
  certificate: InspectedCertificate,
  issuers: InspectedCertificate[],
): Problem[] {
  const problems: Problem[] = [];
  const lifetimeDays = Math.floor(
    (certificate.notAfter.getTime() - certificate.notBefore.getTime()) / DAY_MS,
  );
  if (lifetimeDays > MAX_VALIDITY_DAYS) {
    problems.push(
      problem(
        RULES.validityMax,
        `The certificate is valid for ${lifetimeDays} days; more than ${MAX_VALIDITY_DAYS} days makes a leaked key useful for too long.`,
        'Re-issue it with a shorter lifetime: `openssl x509 -req ... -days 730`.',
      ),
    );
  }
  const firstCaExpiry = issuers.reduce<InspectedCertificate | undefined>(
    (earliest, ca) => (!earliest || ca.notAfter < earliest.notAfter ? ca : earliest),
    undefined,
  );
  if (firstCaExpiry && certificate.notAfter > firstCaExpiry.notAfter) {
    problems.push(
      problem(
        RULES.validityMax,
        `The certificate outlives its CA ${firstCaExpiry.subject}, which expires on ${isoDate(firstCaExpiry.notAfter)}; it stops working then.`,
        'Renew the CA before that date, or re-issue the leaf with `-days` that ends before the CA does.',
      ),
    );
  }
  return problems;
}
