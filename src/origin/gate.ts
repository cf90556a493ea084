/**
 * Deploy's gate, pure: which certificates a plan is about to point hostnames at (so probe (c)
 * must pass first), and what a passed or failed probe changes in the run's findings.
 */
import type { Finding } from '../findings.js';
import type { ZonePlan } from '../plan/index.js';
import type { HostnameProbes } from './types.js';

/**
 * `zone/name` → the hostnames the plan points at that certificate; with `uploadsOnly`, only for
 * the certificates it uploads and those named in `alsoFor`.
 */
export function associationsToGate(
  plans: ZonePlan[],
  options: { uploadsOnly?: boolean; alsoFor?: ReadonlySet<string> } = {},
): Map<string, string[]> {
  const gated = new Map<string, string[]>();
  for (const plan of plans) {
    const uploaded = new Set(
      plan.steps.flatMap((step) => (step.kind === 'upload' ? [step.certificate] : [])),
    );
    for (const step of plan.steps) {
      if (step.kind !== 'associate') continue;
      const key = `${plan.zone}/${step.certificate}`;
      if (options.uploadsOnly && !uploaded.has(step.certificate) && !options.alsoFor?.has(key)) continue;
      gated.set(key, [...(gated.get(key) ?? []), ...step.hostnames]);
    }
  }
  return gated;
}

/**
 * Where the origin itself accepted the new leaf, a CA change needs no `ca-rollover`
 * acknowledgement: the acknowledgement asserts what the probe has just shown.
 */
export function acknowledgeCaChange(findings: Finding[], probes: HostnameProbes[]): void {
  const accepted = new Set(
    probes
      .filter((probe) =>
        probe.results.some((result) => result.probe === 'leaf' && result.verdict === 'accepted'),
      )
      .filter(
        (probe) =>
          !probes.some(
            (other) =>
              other.zone === probe.zone &&
              other.certificate === probe.certificate &&
              !other.results.some((result) => result.probe === 'leaf' && result.verdict === 'accepted'),
          ),
      )
      .map((probe) => `${probe.zone}/${probe.certificate}`),
  );
  for (const finding of findings) {
    if (finding.rule !== 'plan.ca_change' || finding.severity !== 'error') continue;
    if (!accepted.has(`${finding.zone}/${finding.certificate}`)) continue;
    finding.severity = 'notice';
    finding.message = `${finding.message} The origin accepted the new leaf for every one of its hostnames (probe c), so no ca-rollover is needed.`;
    finding.fix = 'Once every hostname is on the new CA, drop the old CA from origin-ca.';
  }
}
