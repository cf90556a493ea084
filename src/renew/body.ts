/** The renewal pull request's title and body (pure: plain values in, Markdown out). */
import { isoDate } from '../dates.js';
import { code, escapeText, table } from '../report/markdown.js';
import type { RenewedCertificate } from '../report/model.js';

export interface RenewalEntry extends RenewedCertificate {
  hostnames: string[];
  /** Why it is renewed: within before-days, or named in renew-names. */
  reason: string;
  /** What happens to its key, in one sentence. */
  keyNote: string;
  oldNotBefore: Date;
  newNotBefore: Date;
  files: string[];
}

export interface RenewalBodyInput {
  manifest: string;
  marker: string;
  entries: RenewalEntry[];
  /** The CA that signed, per zone: `pki/rootca.crt (CN=…)`. */
  signers: Record<string, string>;
  /** Markdown of what the merge's deploy will do, or a sentence why it is not known here. */
  plan: string;
}

export function renewalTitle(entries: RenewalEntry[]): string {
  const names = entries.map((entry) => `${entry.zone}/${entry.name}`);
  const shown = names.slice(0, 3).join(', ');
  return `aop-certs: renew ${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

export function renewalBody(input: RenewalBodyInput): string {
  const rows = input.entries.map((entry) => [
    `${escapeText(`${entry.zone}/${entry.name}`)}<br>${entry.hostnames.map(code).join(' ')}`,
    `${code(entry.oldSerial)} → ${code(entry.newSerial)}`,
    `${code(entry.oldSha256)}<br>→ ${code(entry.newSha256)}`,
    `${isoDate(entry.oldNotBefore)} – ${isoDate(entry.oldNotAfter)}<br>→ ${isoDate(entry.newNotBefore)} – ${isoDate(entry.newNotAfter)}`,
    escapeText(entry.reason),
  ]);
  const keys = input.entries.map(
    (entry) => `- ${escapeText(`${entry.zone}/${entry.name}`)}: ${escapeText(entry.keyNote)}`,
  );
  const signers = Object.entries(input.signers).map(([zone, signer]) => `- ${escapeText(zone)}: ${signer}`);
  const files = [...new Set(input.entries.flatMap((entry) => entry.files))].map((file) => `- ${code(file)}`);
  return [
    `## aop-certs: renewal of ${input.entries.length} certificate${input.entries.length === 1 ? '' : 's'}`,
    `Manifest ${code(input.manifest)}. Each successor keeps its subject and the extensions of its extension file, and is signed by the zone's CA with a new random serial.`,
    table(['Certificate', 'Serial (old → new)', 'SHA-256 (old → new)', 'Validity (old → new)', 'Why'], rows),
    `### Keys\n\n${keys.join('\n')}`,
    `### Signed by\n\n${signers.join('\n')}`,
    `### Files\n\n${files.join('\n')}`,
    `### What merging does\n\n${input.plan}`,
    'The check on this pull request validates every file as for any change. A new run of the renewal updates this pull request in place (new serials).',
  ].join('\n\n');
}
