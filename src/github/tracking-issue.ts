/**
 * Keeps the scan's one tracking issue in step with what needs action: opened or updated while
 * anything does, closed with a comment when nothing does. Not being able to write it while
 * something needs action is an error: a safety net nobody hears is none.
 */
import type { Finding } from '../findings.js';
import { GitHubPermissionError, GitHubRequestError, type GitHub } from './index.js';
import type { CertificateRow } from '../report/model.js';
import {
  allClearComment,
  trackingIssueBody,
  trackingIssueTitle,
  type TrackingContext,
} from '../report/tracking-issue.js';
import { SCAN_RULES, type ScanItem } from '../scan/index.js';
import type { Settings } from '../settings.js';
import { reportMarker } from './session.js';

export interface TrackingOutcome {
  notes: string[];
  findings: Finding[];
  /** The issue this run opened, updated or closed. */
  issue?: { number: number; url: string };
}

const ISSUES_WRITE_FIX =
  'Give the scan job `permissions: { contents: read, issues: write }` and the default `github-token`, then re-run it.';

function notWritten(actionable: number, why: string, fix: string): TrackingOutcome {
  return {
    notes: [],
    findings: [
      {
        severity: 'error',
        rule: SCAN_RULES.issueNotWritten.id,
        message: `The tracking issue could not be written, so nobody is told about the ${actionable} item(s) that need action: ${why}`,
        fix,
      },
    ],
  };
}

export async function keepTrackingIssue(
  settings: Settings,
  github: GitHub | undefined,
  /** Every scan item needs a person's action. */
  actionable: ScanItem[],
  rows: CertificateRow[],
  context: TrackingContext,
  /** Every selected zone and every repository file was read: only then can "nothing needs action" close the issue. */
  everythingRead: boolean,
): Promise<TrackingOutcome> {
  if (settings.dryRun) {
    const would =
      actionable.length > 0
        ? 'opened or updated'
        : everythingRead
          ? 'closed, if one is open'
          : 'left as it is, since not everything could be read';
    return { notes: [`dry-run: the tracking issue was not written (it would be ${would}).`], findings: [] };
  }
  if (!github) {
    if (actionable.length === 0)
      return { notes: ['No GitHub token: no tracking issue was looked for.'], findings: [] };
    return notWritten(actionable.length, 'no GitHub token was given.', ISSUES_WRITE_FIX);
  }
  const marker = reportMarker('scan', settings);
  try {
    if (actionable.length > 0) {
      const issue = await github.upsertTrackingIssue({
        marker,
        title: trackingIssueTitle(actionable, context),
        body: trackingIssueBody(actionable, rows, context),
        labels: settings.issueLabels,
        assignees: settings.issueAssignees,
      });
      const unassigned = issue.unassigned ? ` (GitHub refused to assign ${issue.unassigned.join(', ')})` : '';
      return {
        notes: [`Tracking issue #${issue.number} ${issue.action}: ${issue.url}${unassigned}`],
        findings: [],
        issue: { number: issue.number, url: issue.url },
      };
    }
    if (!everythingRead) {
      return {
        notes: [
          'Not every zone or repository file (origin-ca, certificates) could be read, so the tracking issue was left open as it is.',
        ],
        findings: [],
      };
    }
    const closed = await github.closeTrackingIssue(marker, allClearComment(rows, context));
    return {
      notes: [
        closed ? `Nothing needs action: tracking issue #${closed.number} closed.` : 'Nothing needs action.',
      ],
      findings: [],
      ...(closed ? { issue: { number: closed.number, url: closed.url } } : {}),
    };
  } catch (error) {
    if (!(error instanceof GitHubRequestError)) throw error;
    const fix =
      error instanceof GitHubPermissionError
        ? ISSUES_WRITE_FIX
        : "Re-run the scan; if it keeps failing, check GitHub's status.";
    if (actionable.length > 0) return notWritten(actionable.length, error.message, fix);
    return {
      notes: [],
      findings: [
        {
          severity: 'warning',
          rule: SCAN_RULES.issueNotClosed.id,
          message: `Nothing needs action, but the open tracking issue could not be closed: ${error.message}`,
          fix,
        },
      ],
    };
  }
}
