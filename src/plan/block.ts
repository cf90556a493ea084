/**
 * Whether a zone's plan may be applied. One policy for both commands: deploy refuses exactly
 * where check's plan says "Blocked", so a pull request's plan shows what its merge will do.
 */
import { countsAsError, type Finding } from '../findings.js';
import type { ZonePlan } from './types.js';

/** Rules whose errors mean the manifest itself cannot be trusted: no zone is applied. */
const MANIFEST_RULE = /^(manifest|settings)\./;

function manifestBlocks(findings: Finding[]): boolean {
  return findings.some((finding) => countsAsError(finding) && MANIFEST_RULE.test(finding.rule));
}

/** The manifest certificates a plan uploads or points hostnames at. */
function touchedCertificates(plan: ZonePlan): string[] {
  return [...new Set(plan.steps.flatMap((step) => ('certificate' in step ? [step.certificate] : [])))];
}

/**
 * Why the plan must not be applied, if it must not: the manifest has errors, the plan has, the
 * zone has one (its origin-ca, one leaf under two names), or a certificate it would serve has one.
 */
export function blockReason(plan: ZonePlan, findings: Finding[]): string | undefined {
  if (manifestBlocks(findings)) return 'Blocked: the manifest has errors (see the findings).';
  if (plan.problems.some(countsAsError)) return 'Blocked: the plan has errors (see the findings).';
  const inZone = findings.filter((finding) => countsAsError(finding) && finding.zone === plan.zone);
  if (inZone.some((finding) => finding.certificate === undefined && !finding.rule.startsWith('deploy.'))) {
    return `Blocked: zone ${plan.zone} has errors (see the findings).`;
  }
  const touched = new Set(touchedCertificates(plan));
  const names = [
    ...new Set(
      inZone.flatMap((finding) =>
        finding.certificate !== undefined && touched.has(finding.certificate) ? [finding.certificate] : [],
      ),
    ),
  ];
  if (names.length > 0) {
    return `Blocked: ${names.join(', ')} would serve hostnames but ${names.length === 1 ? 'has' : 'have'} errors (see the findings).`;
  }
  return undefined;
}
