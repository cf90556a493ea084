/**
 * Whether a zone's plan may be applied, and which of its certificates wait. One policy for both
 * commands: deploy refuses exactly where check's plan says "Blocked", and holds exactly the steps
 * check's plan shows as held, so a pull request's plan shows what its merge will do.
 */
import { countsAsError, type Finding } from '../findings.js';
import type { RuleId } from '../rules.js';
import type { ZonePlan } from './types.js';

/** Rules whose errors mean the manifest itself cannot be trusted: no zone is applied. */
const MANIFEST_RULE = /^(manifest|settings)\./;

const ORIGIN_REFUSED: RuleId = 'origin.refuses_leaf';
const CA_CHANGE: RuleId = 'plan.ca_change';

/**
 * Certificates (`zone/name`) whose CA change deploy's origin probe settles (they have an origin
 * and verify-origin is not off): their move waits for the origin to accept the new leaf, so an
 * unacknowledged CA change holds them instead of blocking their zone.
 */
export type Gated = ReadonlySet<string>;

function manifestBlocks(findings: Finding[]): boolean {
  return findings.some((finding) => countsAsError(finding) && MANIFEST_RULE.test(finding.rule));
}

/**
 * A finding that holds its certificate rather than its zone: the origin refused the leaf (whatever
 * the mode, since pointing a hostname at it breaks that hostname), or the leaf's CA changes and
 * only the origin's answer can say the move is safe. Either says nothing about the other
 * certificates of the zone, which go ahead.
 */
function holdsCertificate(finding: Finding, gated: Gated): boolean {
  if (finding.suppressed || finding.certificate === undefined) return false;
  if (finding.rule === ORIGIN_REFUSED) return finding.severity !== 'notice';
  return (
    finding.rule === CA_CHANGE &&
    finding.severity === 'error' &&
    gated.has(`${finding.zone}/${finding.certificate}`)
  );
}

/** The manifest certificates a plan uploads or points hostnames at. */
function touchedCertificates(plan: ZonePlan): string[] {
  return [...new Set(plan.steps.flatMap((step) => ('certificate' in step ? [step.certificate] : [])))];
}

/**
 * Why the plan must not be applied, if it must not: the manifest has errors, the plan has, the
 * zone has one (its origin-ca, one leaf under two names), or a certificate it would serve has one
 * that is not only the origin's to settle (those hold their certificate: see `heldCertificates`).
 */
export function blockReason(
  plan: ZonePlan,
  findings: Finding[],
  gated: Gated = new Set(),
): string | undefined {
  if (manifestBlocks(findings)) return 'Blocked: the manifest has errors (see the findings).';
  const problems = plan.problems.filter(
    (problem) => countsAsError(problem) && !holdsCertificate(problem, gated),
  );
  if (problems.length > 0) return 'Blocked: the plan has errors (see the findings).';
  const inZone = findings.filter(
    (finding) => countsAsError(finding) && finding.zone === plan.zone && !holdsCertificate(finding, gated),
  );
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

/** The plan's certificates that wait for their origin, each with why. */
export function heldCertificates(
  plan: ZonePlan,
  findings: Finding[],
  gated: Gated = new Set(),
): Map<string, string> {
  const touched = new Set(touchedCertificates(plan));
  const held = new Map<string, string>();
  for (const finding of findings) {
    if (finding.zone !== plan.zone || !holdsCertificate(finding, gated)) continue;
    const name = finding.certificate!;
    if (!touched.has(name) || held.has(name)) continue;
    held.set(
      name,
      finding.rule === ORIGIN_REFUSED
        ? `held: the origin refused ${name}'s leaf (origin.refuses_leaf), so no hostname is pointed at it`
        : `held: ${name}'s CA changes and the origin has not accepted its leaf (plan.ca_change), so no hostname is pointed at it`,
    );
  }
  return held;
}

/**
 * The steps that wait while `held` certificates wait, by index in `plan.steps`, each with why:
 * their associations (and, before anything is uploaded, their uploads); the removal of every
 * certificate they were to take hostnames from, which still serves them; and, where such a kept
 * deletion was to free a slot that a held certificate already took (it was uploaded, or was in
 * Cloudflare before), every step of a later wave, since later waves exist only to use freed slots.
 * A leftover (it serves no hostname) is deleted all the same. Everything else goes ahead.
 */
export function heldSteps(
  plan: ZonePlan,
  held: ReadonlyMap<string, string>,
  options: { uploads: boolean },
): Map<number, string> {
  const steps = new Map<number, string>();
  if (held.size === 0) return steps;
  const uploadsHeld = (name: string) =>
    options.uploads && plan.steps.some((step) => step.kind === 'upload' && step.certificate === name);
  const keptFor = new Map<string, string[]>();
  let firstShort = Infinity;
  for (const step of plan.steps) {
    if (step.kind !== 'delete' || step.leftover) continue;
    if (step.reason !== 'replaced' && step.reason !== 'pruned') continue;
    const waitingFor = step.replacedBy.filter((name) => held.has(name));
    if (waitingFor.length === 0) continue;
    keptFor.set(step.id, waitingFor);
    // Held before its upload, a successor takes no slot, so keeping its predecessor costs none.
    if (!waitingFor.every(uploadsHeld)) firstShort = Math.min(firstShort, step.wave);
  }
  plan.steps.forEach((step, index) => {
    if ('certificate' in step && held.has(step.certificate)) {
      if (step.kind === 'associate' || options.uploads) steps.set(index, held.get(step.certificate)!);
      return;
    }
    const removed = step.kind === 'delete' ? step.id : step.kind === 'disassociate' ? step.certId : undefined;
    const waitingFor = removed === undefined ? undefined : keptFor.get(removed);
    if (waitingFor) {
      steps.set(index, `held: it keeps serving until ${waitingFor.join(', ')} may take over its hostnames`);
    } else if (step.wave > firstShort) {
      steps.set(index, `held: this wave needs the slot that a held deletion of wave ${firstShort} frees`);
    }
  });
  return steps;
}
