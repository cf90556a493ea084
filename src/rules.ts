/**
 * Every rule ID the action can report, with its default severity: the pipeline's own rules
 * (manifest, secrets, settings, deploy) here, the others from their modules. docs/rules.md is
 * generated from this list (`npm run docs`), and a test keeps the two equal.
 */
import type { RuleInfo } from './findings.js';
import { PKI_RULES } from './pki/index.js';
import { EXTFILE_RULES } from './pki/extfile/index.js';
import { PLAN_RULES } from './plan/index.js';
import { SCAN_RULES } from './scan/rules.js';
import { PROPOSAL_RULES } from './renew/rules.js';

const PIPELINE_RULES: RuleInfo[] = [
  {
    id: 'manifest.file',
    severity: 'error',
    summary:
      'A file the manifest names (or the manifest itself) cannot be read safely: missing, a symbolic link, not a regular file, outside the repository, or over 1 MiB.',
  },
  {
    id: 'manifest.yaml',
    severity: 'error',
    summary: 'The manifest is not valid YAML (reported at its line).',
  },
  {
    id: 'manifest.schema',
    severity: 'error',
    summary:
      'The manifest does not match schemas/manifest.schema.json: an unknown key, a wrong type, a missing key.',
  },
  {
    id: 'manifest.zone_id',
    severity: 'error',
    summary: 'A zone that deploy, scan or a plan must read from Cloudflare has no zone-id.',
  },
  { id: 'manifest.duplicate_zone', severity: 'error', summary: 'A zone is listed twice.' },
  {
    id: 'manifest.duplicate_zone_id',
    severity: 'error',
    summary: "Two zones share a zone-id: one would be planned against the other's certificates.",
  },
  { id: 'manifest.duplicate_name', severity: 'error', summary: 'Two certificates of a zone share a name.' },
  {
    id: 'manifest.duplicate_hostname',
    severity: 'error',
    summary: 'A hostname is mapped to two certificates (Cloudflare serves one per hostname).',
  },
  {
    id: 'manifest.hostname_zone',
    severity: 'error',
    summary: 'A hostname is not in the zone it is listed under.',
  },
  {
    id: 'manifest.zone_limit',
    severity: 'error',
    summary: 'More than 10 certificates in a zone (exactly 10 is a warning: no free slot for a rotation).',
  },
  {
    id: 'manifest.hostname_limit',
    severity: 'error',
    summary: 'More than 100 hostnames on one certificate.',
  },
  {
    id: 'settings.unknown_zone',
    severity: 'error',
    summary: 'The zones input names a zone the manifest does not list.',
  },
  {
    id: 'secret.plaintext_key',
    severity: 'error',
    summary: 'A plaintext private key is committed in a folder the manifest points into.',
  },
  {
    id: 'secret.unused_key',
    severity: 'error',
    summary:
      'An encrypted private key no certificate uses (a CA key must never be committed, even encrypted).',
  },
  {
    id: 'plan.incomplete',
    severity: 'error',
    summary: 'A zone was not planned because one of its files could not be read.',
  },
  {
    id: 'plan.unavailable',
    severity: 'warning',
    summary:
      'Cloudflare could not be read for a zone, so it was not planned (an error on deploy, a warning on check).',
  },
  {
    id: 'deploy.failed',
    severity: 'error',
    summary: 'A deploy step failed; the summary says what was done and what was not.',
  },
];

export const ALL_RULES: RuleInfo[] = [
  ...new Map(
    [
      ...PIPELINE_RULES,
      ...PKI_RULES,
      ...EXTFILE_RULES,
      ...PLAN_RULES,
      ...Object.values(SCAN_RULES),
      ...PROPOSAL_RULES,
    ].map((rule) => [rule.id, rule] as const),
  ).values(),
].sort((a, b) => a.id.localeCompare(b.id));

export function rulesMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '# Rules',
    '',
    'Every finding carries one of these rule IDs. A certificate can suppress a rule with `ignore: [rule-id]`',
    '(the report then shows the finding as suppressed). Severities are the defaults: expiry rules are',
    'warnings for unchanged certificates, and scan maps its findings through `fail-on-scan`.',
    '',
    'Generated from the code by `npm run docs`; a test fails when this file is out of date.',
    '',
    '| rule | severity | what it means |',
    '| --- | --- | --- |',
    ...ALL_RULES.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${escape(rule.summary)} |`),
    '',
  ].join('\n');
}
