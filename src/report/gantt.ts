/** A Mermaid gantt of each certificate's validity window, with today marked. */
import type { CertificateRow } from './model.js';
import { isoDate } from './markdown.js';

/**
 * Mermaid task names may not hold `:`, `#` or `;`, and a backtick could close the code block and
 * let the rest render as Markdown: only plain name characters are kept.
 */
function taskName(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._-]/g, ' ').trim() || 'certificate';
}

export function validityGantt(rows: CertificateRow[], now: Date, warnDays: number, failDays: number): string {
  const dated = rows.filter((row) => row.notBefore && row.notAfter);
  if (dated.length === 0) return '';
  const lines = [
    '```mermaid',
    'gantt',
    '  title Validity of each certificate (today marked)',
    '  dateFormat YYYY-MM-DD',
    '  axisFormat %Y-%m',
    `  section today`,
    `  today ${isoDate(now)} :milestone, ${isoDate(now)}, 0d`,
  ];
  for (const zone of new Set(dated.map((row) => row.zone))) {
    lines.push(`  section ${taskName(zone)}`);
    for (const row of dated.filter((candidate) => candidate.zone === zone)) {
      const left = row.daysLeft ?? 0;
      const tag = left <= failDays ? 'crit, ' : left <= warnDays ? 'active, ' : '';
      lines.push(`  ${taskName(row.name)} :${tag}${isoDate(row.notBefore!)}, ${isoDate(row.notAfter!)}`);
    }
  }
  lines.push('```');
  return lines.join('\n');
}
