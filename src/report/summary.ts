/** RunReport → the Markdown of the job summary: a table per zone, then the findings with their fixes. */
import { SEVERITY_ORDER, type Finding } from '../findings.js';
import { code, escapeText, isoDate, table } from './markdown.js';
import type { CertificateRow, RunReport, Verdict } from './model.js';
import { renderPlan, renderUploaded } from './plan.js';

const VERDICT_LABEL: Record<Verdict, string> = { ok: '✅ ok', warning: '⚠️ warning', error: '❌ error' };

export function headline(report: RunReport): string {
  const counted = report.findings.filter((finding) => !finding.suppressed);
  const count = (severity: Finding['severity']) =>
    counted.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const parts = [
    `${errors} error${errors === 1 ? '' : 's'}`,
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
  ];
  const verdict = errors > 0 ? '❌ failed' : warnings > 0 ? '⚠️ passed with warnings' : '✅ passed';
  return `aop-certs ${report.command}: ${verdict} (${parts.join(', ')})`;
}

function rowCells(row: CertificateRow): string[] {
  return [
    escapeText(row.name),
    row.hostnames.map(code).join('<br>'),
    row.subject ? code(row.subject) : '—',
    row.serial ? code(row.serial) : '—',
    row.sha256 ? code(row.sha256) : '—',
    row.notAfter ? isoDate(row.notAfter) : '—',
    row.daysLeft === undefined ? '—' : String(row.daysLeft),
    row.id ? `${code(row.id)}${row.status ? ` (${escapeText(row.status)})` : ''}` : '—',
    VERDICT_LABEL[row.verdict],
  ];
}

/** A table per zone, as pieces that joined make the section (one piece per zone). */
function zoneTables(rows: CertificateRow[]): string[] {
  const zones = [...new Set(rows.map((row) => row.zone))];
  return zones.map((zone, index) => {
    const ofZone = rows.filter((row) => row.zone === zone);
    return `${index > 0 ? '\n\n' : ''}### ${escapeText(zone)}\n\n${table(
      [
        'Certificate',
        'Hostnames',
        'Subject',
        'Serial',
        'SHA-256',
        'Not after',
        'Days left',
        'Cloudflare',
        'Verdict',
      ],
      ofZone.map(rowCells),
    )}`;
  });
}

function findingLine(finding: Finding): string {
  const where = finding.file ? code(finding.line ? `${finding.file}:${finding.line}` : finding.file) : '';
  const subject = finding.certificate ? ` (${escapeText(`${finding.zone}/${finding.certificate}`)})` : '';
  const fix = finding.fix ? `<br>Fix: ${escapeText(finding.fix)}` : '';
  return `- **${finding.rule}** ${where}${subject}: ${escapeText(finding.message)}${fix}`;
}

/** The findings, grouped by severity, as pieces that joined make the section (a piece per finding). */
function findingSections(findings: Finding[]): string[] {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const pieces: string[] = [];
  const groups: [string, Finding[]][] = [
    ['Errors', sorted.filter((finding) => finding.severity === 'error' && !finding.suppressed)],
    ['Warnings', sorted.filter((finding) => finding.severity === 'warning' && !finding.suppressed)],
    ['Notices', sorted.filter((finding) => finding.severity === 'notice' && !finding.suppressed)],
    ['Suppressed (ignore:)', sorted.filter((finding) => finding.suppressed)],
  ];
  for (const [title, group] of groups) {
    if (group.length === 0) continue;
    pieces.push(`${pieces.length > 0 ? '\n\n' : ''}#### ${title} (${group.length})\n\n`);
    group.forEach((finding, index) => pieces.push(`${index > 0 ? '\n' : ''}${findingLine(finding)}`));
  }
  return pieces.length > 0 ? ['### Findings\n\n', ...pieces] : ['### Findings\n\nNone.'];
}

export function renderSummary(report: RunReport): string {
  return summaryPieces(report).join('');
}

/**
 * The job summary's Markdown in pieces that joined are renderSummary's text: a summary of a
 * thousand certificates is megabytes, and joining its sections one into another made several
 * copies of it at the end of the run, when memory peaks.
 */
export function summaryPieces(report: RunReport): string[] {
  const zones = new Set(report.rows.map((row) => row.zone)).size;
  const parts: string[][] = [
    [`## ${headline(report)}`],
    [
      `Manifest ${code(report.manifest)}: ${report.rows.length} certificate${report.rows.length === 1 ? '' : 's'} in ${zones} zone${zones === 1 ? '' : 's'}.`,
    ],
    ...report.notes.map((note) => [`> ${escapeText(note)}`]),
    zoneTables(report.rows),
    ...(report.sections ?? []).map((section) => [section]),
    [report.uploaded?.length ? `### Uploaded\n\n${renderUploaded(report.uploaded)}` : ''],
    [report.plan ? `### Plan\n\n${renderPlan(report.plan)}` : ''],
    findingSections(report.findings),
  ];
  const pieces: string[] = [];
  for (const part of parts.filter((pieces) => pieces.some((piece) => piece !== ''))) {
    if (pieces.length > 0) pieces.push('\n\n');
    pieces.push(...part);
  }
  pieces.push('\n');
  return pieces;
}
