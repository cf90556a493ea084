/**
 * The scan's tracking issue, as Markdown: what to do per item, grouped by the kind of work, and a
 * timeline of expiries; plus the comment that closes it when all is well again. Pure.
 */
import type { ScanItem, ScanTodo } from '../scan/index.js';
import { validityGantt } from './gantt.js';
import { code, escapeText, isoDate } from './markdown.js';
import type { CertificateRow } from './model.js';

export interface TrackingContext {
  manifest: string;
  /** The zones this run scanned when sharded; empty means every zone of the manifest. */
  zones: string[];
  now: Date;
  warnDays: number;
  failDays: number;
  /** Link to the workflow run, when known. */
  runUrl?: string;
}

const GROUPS: [ScanTodo, string][] = [
  ['renew', 'Renew'],
  ['redeploy', 'Re-run deploy'],
  ['remove', 'Remove'],
  ['investigate', 'Investigate'],
];

const LEVEL_ICON = { critical: '🔴', warning: '🟠' } as const;

function count(items: ScanItem[], level: ScanItem['level']): number {
  return items.filter((item) => item.level === level).length;
}

function scope(context: TrackingContext): string {
  return context.zones.length > 0 ? ` (zones: ${context.zones.join(', ')})` : '';
}

function markdownScope(context: TrackingContext): string {
  return context.zones.length > 0 ? ` (zones: ${context.zones.map(code).join(', ')})` : '';
}

export function trackingIssueTitle(items: ScanItem[], context: TrackingContext): string {
  return `AOP certificates need action: ${count(items, 'critical')} critical, ${count(items, 'warning')} warning${scope(context)}`;
}

function itemLine(item: ScanItem): string {
  const subject = item.certificate
    ? `**${escapeText(`${item.zone}/${item.certificate}`)}**`
    : `**${escapeText(item.zone)}**`;
  return `- ${LEVEL_ICON[item.level]} ${subject}: ${escapeText(item.message)}<br>→ ${escapeText(item.action)}`;
}

/** The items to act on, one section per kind of work, critical ones first ('' when there are none). */
export function todoSections(items: ScanItem[]): string {
  const sections = GROUPS.map(([todo, title]) => {
    const group = items
      .filter((item) => item.todo === todo)
      .sort((a, b) => Number(b.level === 'critical') - Number(a.level === 'critical'));
    return group.length > 0 ? `#### ${title} (${group.length})\n\n${group.map(itemLine).join('\n')}` : '';
  });
  const present = sections.filter(Boolean);
  return present.length > 0 ? `### What to do\n\n${present.join('\n\n')}` : '';
}

export function expiryTimeline(rows: CertificateRow[], context: TrackingContext): string {
  const gantt = validityGantt(rows, context.now, context.warnDays, context.failDays);
  return gantt ? `### Expiry timeline\n\n${gantt}` : '';
}

function runLink(context: TrackingContext): string {
  return context.runUrl ? ` ([run](${context.runUrl}))` : '';
}

export function trackingIssueBody(
  items: ScanItem[],
  rows: CertificateRow[],
  context: TrackingContext,
): string {
  const intro =
    `The scheduled scan of ${code(context.manifest)}${markdownScope(context)} on ${isoDate(context.now)}${runLink(context)} ` +
    `found ${count(items, 'critical')} critical and ${count(items, 'warning')} warning item(s). ` +
    'Each scan updates this issue; the first scan that finds nothing to act on closes it.';
  return [intro, todoSections(items), expiryTimeline(rows, context)].filter(Boolean).join('\n\n');
}

export function allClearComment(rows: CertificateRow[], context: TrackingContext): string {
  const zones = new Set(rows.map((row) => row.zone)).size;
  return (
    `✅ All clear: the scan of ${isoDate(context.now)}${runLink(context)} found nothing to act on ` +
    `(${rows.length} certificate(s) in ${zones} zone(s)). Closing; a later scan opens a new issue if something needs action again.`
  );
}
