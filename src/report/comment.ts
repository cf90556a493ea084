/**
 * RunReport → the sticky PR comment: a one-line verdict, a table per zone, the findings grouped by
 * severity with links to file and line, the plan when there is one, and a validity gantt; long
 * parts are folded, and the whole stays under GitHub's comment limit by truncating with a note.
 */
import type { Finding } from '../findings.js';
import { ruleDocUrl } from '../rules.js';
import { validityGantt } from './gantt.js';
import { code, escapeText, isoDate, shortFingerprint, table, urlPath } from './markdown.js';
import type { CertificateRow, RunReport, Verdict } from './model.js';
import { renderPlan, renderUploaded } from './plan.js';
import { headline } from './summary.js';

export const COMMENT_LIMIT = 65_536;
/** Room for the marker and the truncation note. */
const BUDGET = COMMENT_LIMIT - 2_000;
const FOLD_OVER_FINDINGS = 5;

export interface CommentContext {
  marker: string;
  /** For links: `${serverUrl}/${owner}/${repo}/blob/${sha}/${file}#L${line}`. */
  serverUrl: string;
  owner: string;
  repo: string;
  sha: string;
  now: Date;
  warnDays: number;
  failDays: number;
}

const VERDICT_ICON: Record<Verdict, string> = { ok: '✅', warning: '⚠️', error: '❌' };

function fileLink(finding: Finding, context: CommentContext): string {
  if (!finding.file) return '';
  const label = finding.line ? `${finding.file}:${finding.line}` : finding.file;
  const anchor = finding.line ? `#L${finding.line}` : '';
  const url = `${context.serverUrl}/${context.owner}/${context.repo}/blob/${context.sha}/${urlPath(finding.file)}${anchor}`;
  return `[${code(label)}](${url})`;
}

function findingItem(finding: Finding, context: CommentContext): string {
  const subject = finding.certificate ? ` ${escapeText(`${finding.zone}/${finding.certificate}`)}` : '';
  const fix = finding.fix ? `<br>**Fix:** ${escapeText(finding.fix)}` : '';
  return `- ${fileLink(finding, context)}${subject} — ${escapeText(finding.message)} ([${code(finding.rule)}](${ruleDocUrl(finding.rule)}))${fix}`;
}

function zoneSection(zone: string, rows: CertificateRow[], lastColumn: string): string {
  return `#### ${escapeText(zone)}\n\n${table(
    ['', 'Certificate', 'Hostnames', 'Subject', 'Serial', 'SHA-256', 'Not after', 'Days left', lastColumn],
    rows.map((row) => [
      VERDICT_ICON[row.verdict],
      escapeText(row.name),
      row.hostnames.map(code).join(' '),
      row.subject ? code(row.subject) : '—',
      row.serial ? code(row.serial) : '—',
      row.sha256 ? code(shortFingerprint(row.sha256)) : '—',
      row.notAfter ? isoDate(row.notAfter) : '—',
      row.daysLeft === undefined ? '—' : String(row.daysLeft),
      cloudflareCell(row),
    ]),
  )}`;
}

function cloudflareCell(row: CertificateRow): string {
  if (row.action) return escapeText(row.action);
  if (row.id) return `${code(row.id)}${row.status ? ` ${escapeText(row.status)}` : ''}`;
  return '—';
}

function folded(summary: string, body: string, open: boolean): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function findingGroups(findings: Finding[], context: CommentContext, limit: number): string[] {
  const groups: [string, Finding[]][] = [
    ['❌ Errors', findings.filter((finding) => finding.severity === 'error' && !finding.suppressed)],
    ['⚠️ Warnings', findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed)],
    ['ℹ️ Notices', findings.filter((finding) => finding.severity === 'notice' && !finding.suppressed)],
    ['🔕 Suppressed by ignore:', findings.filter((finding) => finding.suppressed)],
  ];
  let remaining = limit;
  return groups
    .filter(([, group]) => group.length > 0)
    .map(([title, group]) => {
      const shown = group.slice(0, Math.max(0, remaining));
      remaining -= shown.length;
      const cut = group.length - shown.length;
      const lines = shown.map((finding) => findingItem(finding, context));
      if (cut > 0) lines.push(`- … and ${cut} more: the job summary lists them all.`);
      const summary = `${title} (${group.length})`;
      return folded(summary, lines.join('\n'), title.startsWith('❌') || group.length <= FOLD_OVER_FINDINGS);
    });
}

function render(report: RunReport, context: CommentContext, findingLimit: number, rowLimit: number): string {
  const rows = report.rows.slice(0, rowLimit);
  const zones = [...new Set(rows.map((row) => row.zone))];
  const lastColumn = report.command === 'check' ? 'On merge' : 'Cloudflare';
  const tables = zones.map((zone) =>
    zoneSection(
      zone,
      rows.filter((row) => row.zone === zone),
      lastColumn,
    ),
  );
  if (rows.length < report.rows.length) {
    tables.push(
      `… and ${report.rows.length - rows.length} more certificates: the job summary lists them all.`,
    );
  }
  const gantt = validityGantt(rows, context.now, context.warnDays, context.failDays);
  const parts = [
    `### ${headline(report)}`,
    ...report.notes.map((note) => `> ${escapeText(note)}`),
    tables.join('\n\n'),
    ...findingGroups(report.findings, context, findingLimit),
    ...(report.sections ?? []),
    report.uploaded?.length ? `#### Uploaded\n\n${renderUploaded(report.uploaded)}` : '',
    report.plan ? folded('📋 Plan', renderPlan(report.plan), true) : '',
    gantt ? folded('📅 Validity', gantt, false) : '',
    `<sub>Manifest ${code(report.manifest)} · aop-certs</sub>`,
    context.marker,
  ];
  return parts.filter(Boolean).join('\n\n') + '\n';
}

export function renderComment(report: RunReport, context: CommentContext): string {
  let findingLimit = report.findings.length;
  let rowLimit = report.rows.length;
  let body = render(report, context, findingLimit, rowLimit);
  while (body.length > BUDGET && (findingLimit > 0 || rowLimit > 0)) {
    if (findingLimit > 0) findingLimit = Math.floor(findingLimit / 2);
    else rowLimit = Math.floor(rowLimit / 2);
    body = render(report, context, findingLimit, rowLimit);
  }
  if (body.length > BUDGET) {
    body = `${body.slice(0, BUDGET)}\n\n… (cut to fit GitHub's comment limit; the job summary has the full report)\n\n${context.marker}\n`;
  }
  return body;
}
