/**
 * `verify-origin`, and the origin probes every other command runs: does each hostname's origin
 * refuse a client without Cloudflare's certificate, and accept the manifest's own leaf?
 */
import * as core from '@actions/core';
import { countsAsError, type Finding } from '../findings.js';
import { acknowledgeCaChange, associationsToGate } from '../origin/gate.js';
import { probeFindings, probeSection, type FindingContext } from '../origin/findings.js';
import type { ProbeTarget } from '../origin/run.js';
import { noConnection, originKey, type HostnameProbes, type ProbeKind } from '../origin/types.js';
import type { Pointing } from '../apply/apply-zone.js';
import { heldCertificates, type Gated, type ZonePlan } from '../plan/index.js';
import type { RunReport } from '../report/model.js';
import type { ScanItem } from '../scan/index.js';
import { findingOf } from '../scan/verdict.js';
import type { Settings, VerifyOrigin } from '../settings.js';
import { inspect, type Inspection } from '../pipeline/inspect.js';

export interface OriginOutcome {
  probes: HostnameProbes[];
  findings: Finding[];
  /** The report section ('' when nothing had an origin). */
  section: string;
}

const NONE: OriginOutcome = { probes: [], findings: [], section: '' };

/** One target per hostname of every certificate with an origin (its own, or its zone's). */
function probeTargets(
  inspection: Inspection,
  noKeyBecause: string,
  only?: Map<string, string[]>,
): ProbeTarget[] {
  return inspection.inventory.items.flatMap((item) => {
    const origin = item.certificate.origin;
    if (!origin) return [];
    const key = `${item.zone.zone}/${item.certificate.name}`;
    const hostnames = only ? (only.get(key) ?? []) : item.certificate.hostnames;
    const leaf =
      item.facts && item.privateKeyPem
        ? { certificatePem: item.facts.pem, privateKeyPem: item.privateKeyPem }
        : undefined;
    return hostnames.map((hostname) => ({
      zone: item.zone.zone,
      certificate: item.certificate.name,
      hostname,
      origin,
      ...(leaf
        ? { leaf }
        : { noLeafBecause: item.facts ? noKeyBecause : 'the certificate file could not be read' }),
    }));
  });
}

function context(
  settings: Settings,
  inspection: Inspection,
  mode: Exclude<VerifyOrigin, 'off'>,
  findings: Finding[],
): FindingContext {
  return {
    mode,
    manifestFile: settings.config,
    lines: new Map(
      inspection.inventory.items.map((item) => [
        `${item.zone.zone}/${item.certificate.name}`,
        item.certificate.line,
      ]),
    ),
    originCaFiles: new Map(inspection.zones.map((zone) => [zone.zone, zone.originCa])),
    findings,
  };
}

/** Runs `kinds` against every target and turns the answers into findings and a report section. */
async function probeOrigins(
  settings: Settings,
  inspection: Inspection,
  kinds: ProbeKind[],
  options: {
    noKeyBecause: string;
    title?: string;
    mode?: Exclude<VerifyOrigin, 'off'>;
    only?: Map<string, string[]>;
    refusalIsError?: boolean;
    findings?: Finding[];
  },
): Promise<OriginOutcome> {
  const mode = options.mode ?? (settings.verifyOrigin === 'off' ? undefined : settings.verifyOrigin);
  if (!mode) return NONE;
  const targets = probeTargets(inspection, options.noKeyBecause, options.only);
  if (targets.length === 0) return NONE;
  // The probes (TLS, and the throwaway CA's signer) are loaded only by a run that has targets.
  const { runProbes } = await import('../origin/run.js');
  const probes = await core.group(`Origin probes: ${targets.length} hostname(s)`, () =>
    runProbes(targets, kinds),
  );
  for (const probe of probes) {
    for (const result of probe.results)
      core.info(`${probe.hostname} ${result.probe}: ${result.verdict} (${result.answer})`);
  }
  const findings = probeFindings(probes, {
    ...context(settings, inspection, mode, options.findings ?? inspection.findings),
    refusalIsError: options.refusalIsError,
  });
  return { probes, findings, section: probeSection(probes, options.title) };
}

/** check: what a PR can run: (a) and (b) always, (c) when the job has the key. */
export async function addOriginProbes(
  settings: Settings,
  inspection: Inspection,
  report: RunReport,
): Promise<HostnameProbes[]> {
  if (settings.verifyOrigin === 'off') return [];
  if (inspection.manifestErrors) return [];
  if (settings.event.pullRequest?.fromFork) {
    // A fork writes the manifest under test: its `origin:` could aim the runner at any address it
    // reaches (on a self-hosted runner, internal ones) and publish the answers in the summary.
    report.notes.push(
      'Origin probes skipped: this pull request comes from a fork, whose manifest could point them at any address this runner reaches. Deploy probes before pointing hostnames, and the scheduled scan probes daily.',
    );
    return [];
  }
  const outcome = await probeOrigins(settings, inspection, ['none', 'foreign', 'leaf'], {
    noKeyBecause:
      'no private key in this job (PR jobs usually get none); deploy runs it before pointing hostnames',
  });
  mergeInto(report, outcome);
  return outcome.probes;
}

function mergeInto(report: RunReport, outcome: OriginOutcome): void {
  report.findings.push(...outcome.findings);
  if (outcome.section) report.sections = [...(report.sections ?? []), outcome.section];
}

/**
 * Certificates whose CA change the origin settles: those with an origin, unless verify-origin is
 * off. Their unacknowledged CA change holds them alone, until probe (c) shows the origin accepts.
 */
export function gatedCertificates(settings: Settings, inspection: Inspection): Set<string> {
  if (settings.verifyOrigin === 'off') return new Set();
  return new Set(
    inspection.inventory.items.flatMap((item) =>
      item.certificate.origin ? [`${item.zone.zone}/${item.certificate.name}`] : [],
    ),
  );
}

/**
 * deploy, before writing anything: probe (c) with each leaf the plans would upload (a dry run:
 * every leaf they would point hostnames at), so a leaf the origin refuses is not even uploaded.
 * A refusal is an error finding that holds that certificate; the rest of its zone goes on.
 */
async function probeBeforeUpload(
  settings: Settings,
  inspection: Inspection,
  plans: ZonePlan[],
  findings: Finding[],
): Promise<OriginOutcome> {
  if (settings.verifyOrigin === 'off') return NONE;
  // A CA change waits for the origin's answer before anything else happens to it, even for a leaf
  // Cloudflare already holds (uploaded by a run that stopped or was held before pointing).
  const caChanges = new Set(
    findings.flatMap((finding) =>
      finding.rule === 'plan.ca_change' && countsAsError(finding)
        ? [`${finding.zone}/${finding.certificate}`]
        : [],
    ),
  );
  const gated = associationsToGate(plans, { uploadsOnly: !settings.dryRun, alsoFor: caChanges });
  if (gated.size === 0) return NONE;
  const outcome = await probeOrigins(settings, inspection, ['leaf'], {
    noKeyBecause:
      'the certificate is already in Cloudflare and deploy has no key for it, so the origin was not asked first',
    only: gated,
    refusalIsError: true,
    title: settings.dryRun
      ? 'Origin probes of the leaves deploy would point hostnames at'
      : 'Origin probes before anything is written',
    findings,
  });
  acknowledgeCaChange(findings, outcome.probes);
  return outcome;
}

/** What deploy's apply asks of the origin, zone by zone. */
export interface OriginGate {
  /** See `gatedCertificates`. */
  gated: Gated;
  /** For a zone's apply: probe (c) with each leaf right before hostnames are pointed at it. */
  beforePointing(plan: ZonePlan): ((pointing: Pointing[]) => Promise<Map<string, string>>) | undefined;
}

/** deploy, after applying: is the origin (still) refusing everyone else? */
async function probeAfterDeploy(settings: Settings, inspection: Inspection): Promise<OriginOutcome> {
  if (settings.verifyOrigin === 'off' || settings.dryRun) return NONE;
  return probeOrigins(settings, inspection, ['none', 'foreign'], {
    noKeyBecause: '',
    title: 'Origin probes after deploy',
  });
}

/** `command: verify-origin`: only the probes, every one the job can run. */
export async function verifyOrigin(settings: Settings, now: Date): Promise<RunReport> {
  const inspection = await inspect(settings, now, () => undefined);
  const report: RunReport = {
    command: 'verify-origin',
    manifest: settings.config,
    rows: inspection.rows,
    findings: inspection.findings,
    notes: [],
  };
  if (inspection.manifestErrors) {
    report.notes.push('No origin was probed: the manifest has errors.');
    return report;
  }
  const outcome = await probeOrigins(settings, inspection, ['none', 'foreign', 'leaf'], {
    mode: settings.verifyOrigin === 'enforce' ? 'enforce' : 'warn',
    noKeyBecause: 'no private key was given to this job for the certificate',
  });
  if (outcome.probes.length === 0) {
    report.notes.push(
      'No origin was probed: no zone or certificate of the manifest has an "origin:" (address, port, path).',
    );
  }
  mergeInto(report, outcome);
  return report;
}

/**
 * deploy's one hook: probe (c) before uploading, the gate that `apply` asks right before it points
 * hostnames at a new leaf, and probes (a) and (b) after. Every finding joins `findings`; the
 * sections go to the report.
 */
export async function withOriginGate<T>(
  settings: Settings,
  inspection: Inspection,
  plans: (ZonePlan | undefined)[],
  findings: Finding[],
  apply: (gate: OriginGate) => Promise<T>,
): Promise<T & { originSections: string[] }> {
  const before = await probeBeforeUpload(
    settings,
    inspection,
    plans.filter((plan): plan is ZonePlan => plan !== undefined),
    findings,
  );
  findings.push(...before.findings);
  const gated = gatedCertificates(settings, inspection);
  const atPointing: HostnameProbes[] = [];
  // An origin no TCP connection reached before the uploads is not waited for again per wave: its
  // leaves went on as without an origin, and a CA change there was held before anything was written.
  const unreachable = new Set(
    before.probes.flatMap((probe) => (probe.results.some(noConnection) ? [originKey(probe.origin)] : [])),
  );
  const originOf = new Map(
    inspection.inventory.items.flatMap((item) =>
      item.certificate.origin
        ? [[`${item.zone.zone}/${item.certificate.name}`, originKey(item.certificate.origin)] as const]
        : [],
    ),
  );
  const beforePointing = (plan: ZonePlan) => {
    if (settings.verifyOrigin === 'off') return undefined;
    return async (pointing: Pointing[]) => {
      const only = new Map(
        pointing
          .map((item) => [`${plan.zone}/${item.certificate}`, item.hostnames] as const)
          .filter(([key]) => !unreachable.has(originOf.get(key) ?? '')),
      );
      if (only.size === 0) return new Map<string, string>();
      const outcome = await probeOrigins(settings, inspection, ['leaf'], {
        noKeyBecause:
          'the certificate is already in Cloudflare and deploy has no key for it, so the origin was not asked first',
        only,
        refusalIsError: true,
        findings,
      });
      findings.push(...outcome.findings);
      atPointing.push(...outcome.probes);
      acknowledgeCaChange(findings, outcome.probes);
      const names = new Set(pointing.map((item) => item.certificate));
      return new Map([...heldCertificates(plan, findings, gated)].filter(([name]) => names.has(name)));
    };
  };
  const applied = await apply({ gated, beforePointing });
  const after = await probeAfterDeploy(settings, inspection);
  findings.push(...after.findings);
  const pointingSection = probeSection(atPointing, 'Origin probes before pointing hostnames at new leaves');
  return {
    ...applied,
    originSections: [before.section, pointingSection, after.section].filter(Boolean),
  };
}

/**
 * scan's hook: probes (a) and (b), which need no key, so the scan job needs none. An origin that
 * stopped refusing strangers is a critical item of the tracking issue; an unreachable one a notice.
 */
export async function addOriginScan(
  settings: Settings,
  inspection: Inspection,
  result: { items: ScanItem[]; findings: Finding[] },
): Promise<string> {
  const outcome = await probeOrigins(settings, inspection, ['none', 'foreign'], { noKeyBecause: '' });
  for (const finding of outcome.findings) {
    if (finding.severity === 'notice') {
      result.findings.push(finding);
      continue;
    }
    const item: ScanItem = {
      rule: finding.rule,
      level: 'critical',
      todo: 'investigate',
      zone: finding.zone!,
      certificate: finding.certificate,
      hostnames: outcome.probes
        .filter((probe) => probe.zone === finding.zone && probe.certificate === finding.certificate)
        .map((probe) => probe.hostname),
      message: finding.message,
      action: finding.fix ?? '',
      file: finding.file,
      line: finding.line,
    };
    result.items.push(item);
    result.findings.push(findingOf(item, settings.failOnScan));
  }
  return outcome.section;
}
