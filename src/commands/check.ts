/** `check`: validate everything offline and report; with Cloudflare read access, show the plan. */
import * as core from '@actions/core';
import type { CloudflareClient } from '../cloudflare/index.js';
import type { GitHub } from '../github/index.js';
import type { InventoryOptions } from '../inventory/index.js';
import { blockReason, heldCertificates } from '../plan/index.js';
import { renderComment } from '../report/comment.js';
import type { RunReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { commentContext, githubFor, reportMarker } from '../github/session.js';
import { changedAgainstBase, inspect, type Inspection } from '../pipeline/inspect.js';
import { actionFor, notInCloudflare, planReport, planZones } from '../pipeline/planning.js';
import { postStickyComment } from '../github/pr-comment.js';
import { zoneRemoteCache, type RawZoneRemote } from '../pipeline/remote-state.js';
import { acknowledgeCaChange } from '../origin/gate.js';
import type { HostnameProbes } from '../origin/types.js';
import { addOriginProbes, gatedCertificates } from './verify-origin.js';
import { addAlerts } from '../pipeline/alerts.js';

/**
 * Which certificates count as new, so that expiry blocks them: with Cloudflare readable, what the
 * merge would upload (deploy's own rule, so check's verdict is deploy's); else, on a PR, what
 * differs from the base branch; with neither, every certificate.
 */
function changedFor(
  settings: Settings,
  github: GitHub | undefined,
  remoteOf: ((zoneId: string) => Promise<RawZoneRemote>) | undefined,
): InventoryOptions['isChanged'] {
  const againstBase = changedAgainstBase(settings, github);
  if (!remoteOf) return againstBase;
  const uploads = notInCloudflare(remoteOf);
  return async (zone, file, bytes) => {
    const readable =
      zone.zoneId !== undefined &&
      (await remoteOf(zone.zoneId).then(
        () => true,
        () => false,
      ));
    if (readable) return uploads(zone, file, bytes);
    return againstBase ? againstBase(zone, file, bytes) : true;
  };
}

/** With Cloudflare read access, what a merge would do (read-only calls; no key needed). */
async function addPlan(
  settings: Settings,
  inspection: Inspection,
  report: RunReport,
  client: CloudflareClient | undefined,
  remoteOf: ((zoneId: string) => Promise<RawZoneRemote>) | undefined,
  probes: HostnameProbes[],
): Promise<void> {
  if (inspection.manifestErrors && settings.cloudflare) {
    report.notes.push(
      'No plan was computed: the manifest has errors, and Cloudflare is not asked until they are fixed.',
    );
    return;
  }
  if (!client || !remoteOf) {
    report.notes.push(
      'No plan was computed: no Cloudflare credentials were given (api-token), so only offline checks ran.',
    );
    return;
  }
  try {
    const plannings = await core.group('Plan', () => planZones(settings, inspection, remoteOf, false));
    report.findings.push(...plannings.flatMap((planning) => planning.findings));
    // Deploy's rule: a CA change the origin already accepts (probe c) needs no ca-rollover.
    acknowledgeCaChange(report.findings, probes);
    const planned = plannings.flatMap((planning) =>
      planning.plan ? [{ ...planning, plan: planning.plan }] : [],
    );
    const gated = gatedCertificates(settings, inspection);
    report.plan = planned.map((planning) => planReport(planning, report.findings, gated));
    // Judged once per zone: the policy reads every finding.
    const verdicts = new Map(
      planned.map(({ plan }) => [
        plan.zone,
        {
          plan,
          blocked: blockReason(plan, report.findings, gated) !== undefined,
          held: heldCertificates(plan, report.findings, gated),
        },
      ]),
    );
    report.rows = report.rows.map((row) => {
      const zone = verdicts.get(row.zone);
      if (!zone) return row;
      const { plan, blocked, held } = zone;
      const id = plan.certificates.find((item) => item.name === row.name)?.id;
      return {
        ...row,
        action: actionFor(plan, row.name, blocked, held.has(row.name)),
        ...(id ? { id } : {}),
      };
    });
    report.notes.push(`Plan computed with ${client.stats.requests} read-only requests to Cloudflare.`);
  } catch (error) {
    report.findings.push({
      severity: 'warning',
      rule: 'cloudflare.unreadable',
      message: `No plan was computed: Cloudflare could not be read (${(error as Error).message}).`,
      fix: 'Check that "api-token" can read "SSL and Certificates" on these zones, or leave it out of PR jobs.',
    });
  }
}

export async function check(settings: Settings, now: Date): Promise<RunReport> {
  const github = await githubFor(settings);
  const client = await cloudflareFor(settings);
  try {
    const remoteOf = client ? zoneRemoteCache(client) : undefined;
    // A manifest with errors never reaches Cloudflare (DESIGN §2, Limits before calls).
    const inspection = await inspect(settings, now, (manifestErrors) =>
      changedFor(settings, github, manifestErrors ? undefined : remoteOf),
    );
    const report: RunReport = {
      command: 'check',
      manifest: settings.config,
      rows: inspection.rows,
      findings: inspection.findings,
      notes: [],
    };
    // The probes first: what the origin accepts decides whether a CA change blocks the plan.
    const probes = await addOriginProbes(settings, inspection, report);
    await addPlan(settings, inspection, report, client, remoteOf, probes);
    await addAlerts(settings, inspection, report);
    const pullRequest = settings.event.pullRequest;
    if (pullRequest && settings.comment) {
      const marker = reportMarker('check', settings);
      const body = renderComment(
        report,
        commentContext(settings, marker, pullRequest.headSha ?? settings.event.sha, now),
      );
      const posted = await postStickyComment(github, pullRequest.number, marker, body);
      report.notes.push(...posted.notes);
      report.findings.push(...posted.findings);
      if (posted.url) report.links = { ...report.links, commentUrl: posted.url };
    }
    return report;
  } finally {
    await client?.close();
  }
}
