/**
 * `deploy`: check again, then make Cloudflare serve what the manifest says, zone by zone, in the
 * safe order (src/apply), and only from the commit that is still the head of its branch.
 */
import * as core from '@actions/core';
import { applyZone, type UploadMaterial, type ZoneApplyResult } from '../apply/apply-zone.js';
import type { CloudflareClient } from '../cloudflare/index.js';
import { UserError } from '../errors.js';
import type { Finding } from '../findings.js';
import type { GitHub } from '../github/index.js';
import { blockReason, heldCertificates, type Gated, type ZonePlan } from '../plan/index.js';
import { renderComment } from '../report/comment.js';
import type { CertificateRow, RunReport, UploadedCertificate, ZonePlanReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { commentContext, githubFor, reportMarker } from '../github/session.js';
import { inspect, type Inspection } from '../pipeline/inspect.js';
import {
  heldSummary,
  notInCloudflare,
  planReport,
  planZones,
  type ZonePlanning,
} from '../pipeline/planning.js';
import { postStickyComment, type StickyCommentResult } from '../github/pr-comment.js';
import { zoneRemoteCache, type RawZoneRemote } from '../pipeline/remote-state.js';
import { withOriginGate, type OriginGate } from './verify-origin.js';
import { addAlerts } from '../pipeline/alerts.js';

/**
 * Deploy writes only from the head of the default branch: a pull request or another branch would
 * deploy what was never merged, and a re-run of an old workflow must never roll back.
 */
function branchOf(settings: Settings): string {
  const { ref, defaultBranch } = settings.event;
  if (!ref.startsWith('refs/heads/')) {
    throw new UserError(
      `deploy writes only from the default branch, and this run is for ${ref || 'no branch'} (a "${settings.event.name}" event). ` +
        'Run deploy on push to the default branch; use "command: check" elsewhere.',
    );
  }
  const branch = ref.slice('refs/heads/'.length);
  if (defaultBranch && branch !== defaultBranch) {
    throw new UserError(
      `deploy writes only from the default branch (${defaultBranch}), and this run is for ${branch}. Use "command: check" on other branches.`,
    );
  }
  return branch;
}

/** Whether this commit is no longer the head of its branch; when GitHub cannot say, deploy goes on. */
async function headCheck(
  settings: Settings,
  github: GitHub | undefined,
): Promise<{ stale: boolean; findings: Finding[] }> {
  const branch = branchOf(settings);
  const unknown = (why: string, fix: string) => ({
    stale: false,
    findings: [
      {
        severity: 'warning' as const,
        rule: 'github.unavailable' as const,
        message: `Could not ask GitHub whether ${settings.event.sha.slice(0, 7)} is still the head of ${branch} (${why}); deploy went on.`,
        fix,
      },
    ],
  });
  if (!github) {
    return unknown(
      'no github-token',
      'Give the deploy job the default `github-token` (`contents: read` is enough), so that a re-run of an old workflow can never roll back.',
    );
  }
  let head: string | undefined;
  try {
    head = await github.branchHead(branch);
  } catch (error) {
    return unknown((error as Error).message, "If this keeps happening, check GitHub's status.");
  }
  return { stale: head !== settings.event.sha, findings: [] };
}

function uploadMaterial(inspection: Inspection, zone: string): Map<string, UploadMaterial> {
  const material = new Map<string, UploadMaterial>();
  for (const item of inspection.inventory.items) {
    if (item.zone.zone === zone && item.facts && item.privateKeyPem) {
      material.set(item.certificate.name, {
        certificatePem: item.facts.pem,
        privateKeyPem: item.privateKeyPem,
      });
    }
  }
  return material;
}

function appliedReport(
  planning: ZonePlanning & { plan: ZonePlan },
  findings: Finding[],
  gated: Gated,
  result: ZoneApplyResult | undefined,
): ZonePlanReport {
  const report = planReport(planning, findings, gated);
  if (!result) return report;
  const { held: _predicted, ...applied } = report;
  return {
    ...applied,
    // What apply did replaces what the plan predicted, held steps included.
    steps: report.steps.map(({ wave, kind, description }, index) => {
      const { outcome, id, detail } = result.results[index]!;
      return { wave, kind, description, outcome, ...(id ? { id } : {}), ...(detail ? { detail } : {}) };
    }),
    ...(result.held.size > 0 ? { held: heldSummary(result.held) } : {}),
    ...(result.failure ? { blocked: result.failure } : {}),
  };
}

function rowsAfter(
  rows: CertificateRow[],
  plannings: ZonePlanning[],
  results: ZoneApplyResult[],
): CertificateRow[] {
  return rows.map((row) => {
    const result = results.find((candidate) => candidate.zone === row.zone);
    const planning = plannings.find((candidate) => candidate.zone.zone === row.zone);
    const id =
      result?.ids.get(row.name) ?? planning?.plan?.certificates.find((item) => item.name === row.name)?.id;
    if (!id) return row;
    // Active only when this run waited for it and the zone's run finished (so it was verified).
    const verified =
      result !== undefined &&
      !result.failure &&
      result.results.some((entry) => entry.id === id && entry.outcome === 'done');
    const remoteStatus = planning?.remote?.certificates.find((certificate) => certificate.id === id)?.status;
    const status = verified ? 'active' : (remoteStatus ?? 'unknown');
    // Active in Cloudflare, but its hostnames are still on the certificate they had.
    if (result?.held.has(row.name))
      return { ...row, id, status, action: 'held for the origin: no hostname points at it' };
    return { ...row, id, status };
  });
}

async function applyAll(
  client: CloudflareClient,
  settings: Settings,
  inspection: Inspection,
  plannings: ZonePlanning[],
  findings: Finding[],
  gate: OriginGate,
): Promise<{ reports: ZonePlanReport[]; results: ZoneApplyResult[] }> {
  const reports: ZonePlanReport[] = [];
  const results: ZoneApplyResult[] = [];
  for (const planning of plannings) {
    if (!planning.plan) continue;
    const planned = { ...planning, plan: planning.plan };
    const plan = planning.plan;
    if (blockReason(plan, findings, gate.gated) || settings.dryRun || plan.steps.length === 0) {
      reports.push(appliedReport(planned, findings, gate.gated, undefined));
      continue;
    }
    const beforePointing = gate.beforePointing(plan);
    const result = await core.group(`Deploy ${plan.zone}: ${plan.writes} writes`, () =>
      applyZone(client, plan, uploadMaterial(inspection, plan.zone), {
        waitActiveMs: settings.waitActiveSeconds * 1000,
        log: (message) => core.info(message),
        held: heldCertificates(plan, findings, gate.gated),
        ...(beforePointing ? { gate: beforePointing } : {}),
      }),
    );
    results.push(result);
    reports.push(appliedReport(planned, findings, gate.gated, result));
    if (result.failure) {
      findings.push({
        severity: 'error',
        rule: 'deploy.failed',
        file: settings.config,
        line: planning.zone.line,
        zone: plan.zone,
        message: result.failure,
        fix: 'Read the step that failed above, fix its cause (or wait for Cloudflare), and re-run deploy.',
      });
    }
  }
  return { reports, results };
}

/**
 * Expiry blocks only what this deploy uploads (DESIGN §2): a certificate Cloudflare does not hold.
 * That is known from the zone's read before anything is inspected, so the repository is read and
 * graded once; re-pointing hostnames at a certificate already there is a repair and never waits on
 * its expiry.
 */
async function inspectAndPlan(
  settings: Settings,
  now: Date,
  remoteOf: (zoneId: string) => Promise<RawZoneRemote>,
): Promise<{ inspection: Inspection; plannings: ZonePlanning[] }> {
  // A manifest with errors never reaches Cloudflare (DESIGN §2, Limits before calls).
  const inspection = await inspect(settings, now, (manifestErrors) =>
    manifestErrors ? undefined : notInCloudflare(remoteOf),
  );
  if (inspection.manifestErrors) return { inspection, plannings: [] };
  const plannings = await core.group('Plan', () => planZones(settings, inspection, remoteOf, true));
  return { inspection, plannings };
}

/** The certificates this run uploaded (whether or not the rest of their zone's run finished). */
function uploadedBy(results: ZoneApplyResult[], inspection: Inspection): UploadedCertificate[] {
  return results.flatMap((result) =>
    result.results.flatMap(({ step, outcome, id }) => {
      if (step.kind !== 'upload' || outcome !== 'done' || !id) return [];
      const item = inspection.inventory.items.find(
        (candidate) => candidate.zone.zone === result.zone && candidate.certificate.name === step.certificate,
      );
      if (!item) return [];
      const { name, hostnames } = item.certificate;
      const held = result.held.has(name) ? { held: true } : {};
      return [
        { zone: result.zone, certificate: name, id, notAfter: item.facts?.notAfter, hostnames, ...held },
      ];
    }),
  );
}

export async function deploy(settings: Settings, now: Date): Promise<RunReport> {
  const client = await cloudflareFor(settings);
  if (!client) {
    throw new UserError(
      'deploy needs Cloudflare credentials: set "api-token" (a token with "SSL and Certificates Write").',
    );
  }
  const github = await githubFor(settings);
  try {
    const head = await headCheck(settings, github);
    if (head.stale) {
      return {
        command: 'deploy',
        manifest: settings.config,
        rows: [],
        findings: [],
        notes: [
          `${settings.event.sha.slice(0, 7)} is no longer the head of its branch, so nothing was written: a re-run of an old workflow never rolls back. ` +
            'A newer run deploys the newer commit; to finish an earlier failed deploy, run the workflow on the branch head (workflow_dispatch).',
        ],
      };
    }
    const remoteOf = zoneRemoteCache(client);
    const { inspection, plannings } = await inspectAndPlan(settings, now, remoteOf);
    const findings = [
      ...head.findings,
      ...inspection.findings,
      ...plannings.flatMap((planning) => planning.findings),
    ];
    const { reports, results, originSections } = await withOriginGate(
      settings,
      inspection,
      plannings.map((planning) => planning.plan),
      findings,
      (gate) => applyAll(client, settings, inspection, plannings, findings, gate),
    );
    const uploaded = uploadedBy(results, inspection);
    const notes = settings.dryRun ? ['dry-run: the plan below was computed, and nothing was written.'] : [];
    if (inspection.manifestErrors) {
      notes.push(
        'Nothing was deployed: the manifest has errors, and Cloudflare is not asked until they are fixed.',
      );
    }
    notes.push(`${client.stats.requests} requests to Cloudflare, ${client.stats.writes} of them writes.`);
    const report: RunReport = {
      command: 'deploy',
      manifest: settings.config,
      rows: rowsAfter(inspection.rows, plannings, results),
      findings,
      notes,
      plan: reports,
      uploaded,
      sections: originSections,
    };
    await addAlerts(settings, inspection, report);
    if (settings.comment && !settings.dryRun && uploaded.length > 0) {
      const posted = await commentOnMergedPullRequest(settings, github, report, now);
      report.notes.push(...posted.notes);
      report.findings.push(...posted.findings);
      if (posted.url) report.links = { ...report.links, commentUrl: posted.url };
    }
    return report;
  } finally {
    await client.close();
  }
}

async function commentOnMergedPullRequest(
  settings: Settings,
  github: GitHub | undefined,
  report: RunReport,
  now: Date,
): Promise<StickyCommentResult> {
  if (!github) return { notes: [], findings: [] };
  let pullRequest;
  try {
    pullRequest = await github.pullRequestForCommit(settings.event.sha);
  } catch (error) {
    return {
      notes: [],
      findings: [
        {
          severity: 'warning',
          rule: 'github.unavailable',
          message: `Could not find the pull request of ${settings.event.sha.slice(0, 7)}: ${(error as Error).message}. The job summary carries the results.`,
          fix: 'Give the deploy job `pull-requests: read` (or `write`, to comment), or set `comment: false`.',
        },
      ],
    };
  }
  if (!pullRequest) {
    return {
      notes: ['No pull request found for this commit: the job summary carries the new certificate IDs.'],
      findings: [],
    };
  }
  const marker = reportMarker('deploy', settings);
  const body = renderComment(report, commentContext(settings, marker, settings.event.sha, now));
  return postStickyComment(github, pullRequest.number, marker, body);
}
