/** A plan (and, after deploy, each step's result) as Markdown for the summary and the PR comment. */
import { code, escapeText, isoDate, table } from './markdown.js';
import type { PlannedStep, UploadedCertificate, ZonePlanReport } from './model.js';

const OUTCOME: Record<NonNullable<PlannedStep['outcome']>, string> = {
  done: '✅ done',
  failed: '❌ failed',
  'not-run': '⏸️ not run',
  held: '✋ held',
};

function zonePlan(zone: ZonePlanReport): string {
  const lines = [`#### ${escapeText(zone.zone)} (${code(zone.zoneId)})`, escapeText(zone.setting)];
  if (zone.blocked) lines.push(`> ${escapeText(zone.blocked)}`);
  for (const held of zone.held ?? []) lines.push(`> ✋ ${escapeText(held)}`);
  if (zone.steps.length === 0) {
    lines.push('No change: Cloudflare already serves what the manifest says (0 writes).');
  } else {
    const applied = zone.steps.some((step) => step.outcome !== undefined);
    lines.push(
      table(
        ['Wave', 'Step', ...(applied ? ['Result'] : [])],
        zone.steps.map((step) => [
          String(step.wave),
          escapeText(step.description) +
            (step.id ? ` → ${code(step.id)}` : '') +
            (step.detail ? `<br>${escapeText(step.detail)}` : ''),
          ...(applied ? [step.outcome ? OUTCOME[step.outcome] : '—'] : []),
        ]),
      ),
      `${zone.writes} write${zone.writes === 1 ? '' : 's'} to Cloudflare.`,
    );
  }
  if (zone.leftInPlace.length > 0) {
    lines.push(`Left in place:\n${zone.leftInPlace.map((item) => `- ${escapeText(item)}`).join('\n')}`);
  }
  return lines.join('\n\n');
}

export function renderPlan(zones: ZonePlanReport[]): string {
  return zones.map(zonePlan).join('\n\n');
}

export function renderUploaded(uploaded: UploadedCertificate[]): string {
  if (uploaded.length === 0) return '';
  return table(
    ['Zone', 'Certificate', 'Cloudflare ID', 'Hostnames', 'Not after'],
    uploaded.map((item) => [
      escapeText(item.zone),
      escapeText(item.certificate),
      code(item.id),
      item.held
        ? `held for the origin: ${item.hostnames.map(code).join(' ')} not pointed at it`
        : item.hostnames.map(code).join(' '),
      item.notAfter ? isoDate(item.notAfter) : '—',
    ]),
  );
}
