/** `check`: validate everything offline and report; with Cloudflare read access, show the plan. */
import * as core from '@actions/core';
import { renderComment } from '../report/comment.js';
import type { RunReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { commentContext, githubFor, reportMarker } from '../github/session.js';
import { changedAgainstBase, inspect, type Inspection } from '../pipeline/inspect.js';
import { actionFor, planReport, planZones } from '../pipeline/planning.js';
import { postStickyComment } from '../github/pr-comment.js';
import { zoneRemoteCache } from '../pipeline/remote-state.js';
import { addOriginProbes } from './verify-origin.js';
import { addAlerts } from '../pipeline/alerts.js';

/** With Cloudflare read access, what a merge would do (read-only calls; no key needed). */
async function addPlan(settings: Settings, inspection: Inspection, report: RunReport): Promise<void> {
  if (inspection.manifestErrors && settings.cloudflare) {
    report.notes.push(
      'No plan was computed: the manifest has errors, and Cloudflare is not asked until they are fixed.',
    );
    return;
  }
  const client = cloudflareFor(settings);
  if (!client) {
    report.notes.push(
      'No plan was computed: no Cloudflare credentials were given (api-token), so only offline checks ran.',
    );
    return;
  }
  try {
    const plannings = await core.group('Plan', () =>
      planZones(settings, inspection, zoneRemoteCache(client), false),
    );
    report.findings.push(...plannings.flatMap((planning) => planning.findings));
    report.plan = plannings.flatMap((planning) => (planning.plan ? [planReport(planning.plan)] : []));
    report.rows = report.rows.map((row) => {
      const plan = plannings.find((planning) => planning.zone.zone === row.zone)?.plan;
      const id = plan?.certificates.find((item) => item.name === row.name)?.id;
      return plan ? { ...row, action: actionFor(plan, row.name), ...(id ? { id } : {}) } : row;
    });
    report.notes.push(`Plan computed with ${client.stats.requests} read-only requests to Cloudflare.`);
  } catch (error) {
    report.findings.push({
      severity: 'warning',
      rule: 'cloudflare.unreadable',
      message: `No plan was computed: Cloudflare could not be read (${(error as Error).message}).`,
      fix: 'Check that "api-token" can read "SSL and Certificates" on these zones, or leave it out of PR jobs.',
    });
  } finally {
    await client.close();
  }
}

export async function check(settings: Settings, now: Date): Promise<RunReport> {
  const github = githubFor(settings);
  const inspection = await inspect(settings, now, () => changedAgainstBase(settings, github));
  const report: RunReport = {
    command: 'check',
    manifest: settings.config,
    rows: inspection.rows,
    findings: inspection.findings,
    notes: [],
  };
  await addPlan(settings, inspection, report);
  await addOriginProbes(settings, inspection, report);
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
}
