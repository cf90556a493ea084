/**
 * The rule registry: every rule the action can report, each declared once with defineRule.
 *
 * To add a rule:
 *  1. Declare it with `defineRule(id, severity, summary, { suppressible })` (src/findings.ts) in
 *     the rule table of the module that emits it (src/pki/rules.ts, src/plan/rules.ts,
 *     src/scan/rules.ts, src/pki/extfile/rules.ts), or in PIPELINE_RULES below when it belongs to
 *     no pure module. The summary says when it fires, in one sentence. `suppressible: true` only
 *     for rules about one certificate's content that a person may knowingly accept.
 *  2. If the module's table is new, spread it into REGISTERED_RULES below.
 *  3. Emit findings with `rule: 'the.id'` (the compiler checks it is a RuleId), or with `RULES.x.id`.
 *  4. Run `npm run docs` and commit docs/rules.md.
 * To rename or merge a rule, list the old IDs in `replaces`: `ignore:` keeps accepting them, with
 * a notice; and add a line to docs/rule-id-changes.md.
 *
 * Pure: no I/O, so every module, pure or not, may ask it.
 */
import { defineRule, type Rule } from './findings.js';
import { RULES as PKI_RULES } from './pki/rules.js';
import { EXTFILE_RULES } from './pki/extfile/rules.js';
import { PLAN_RULES } from './plan/rules.js';
import { SCAN_RULES } from './scan/rules.js';
import { ORIGIN_RULES } from './origin/rules.js';
import { ALERTS_RULES } from './alerts/rules.js';
import { PROPOSAL_RULES } from './renew/rules.js';

/** The pipeline's own rules: the manifest, the settings, secrets in the tree, Cloudflare, deploy. */
const PIPELINE_RULES = [
  defineRule(
    'manifest.file',
    'error',
    'A file the manifest names (or the manifest itself) cannot be read safely: missing, a symbolic link, not a regular file, outside the repository, or over 1 MiB.',
    { suppressible: false },
  ),
  defineRule('manifest.yaml', 'error', 'The manifest is not valid YAML (reported at its line).', {
    suppressible: false,
  }),
  defineRule(
    'manifest.schema',
    'error',
    'The manifest does not match schemas/manifest.schema.json: an unknown key, a wrong type, a missing key.',
    { suppressible: false },
  ),
  defineRule(
    'manifest.zone_id',
    'error',
    'A zone that deploy, scan or a plan must read from Cloudflare has no zone-id.',
    { suppressible: false },
  ),
  defineRule('manifest.duplicate_zone', 'error', 'A zone is listed twice.', { suppressible: false }),
  defineRule(
    'manifest.duplicate_zone_id',
    'error',
    "Two zones share a zone-id: one would be planned against the other's certificates.",
    { suppressible: false },
  ),
  defineRule('manifest.duplicate_name', 'error', 'Two certificates of a zone share a name.', {
    suppressible: false,
  }),
  defineRule(
    'manifest.duplicate_hostname',
    'error',
    'A hostname is mapped to two certificates (Cloudflare serves one per hostname).',
    { suppressible: false },
  ),
  defineRule('manifest.hostname_zone', 'error', 'A hostname is not in the zone it is listed under.', {
    suppressible: false,
  }),
  defineRule(
    'manifest.zone_limit',
    'error',
    'More than 10 certificates in a zone (exactly 10 is a warning: no free slot for a rotation).',
    { suppressible: false },
  ),
  defineRule('manifest.hostname_limit', 'error', 'More than 100 hostnames on one certificate.', {
    suppressible: false,
  }),
  defineRule('settings.unknown_zone', 'error', 'The zones input names a zone the manifest does not list.', {
    suppressible: false,
  }),
  defineRule(
    'secret.unused_key',
    'error',
    'An encrypted private key no certificate uses is committed (a CA key must never be committed, even encrypted).',
    { suppressible: false },
  ),
  defineRule(
    'plan.incomplete',
    'error',
    'A zone was not planned because one of its files could not be read.',
    { suppressible: false },
  ),
  defineRule(
    'cloudflare.unreadable',
    'warning',
    "Cloudflare could not be read for a zone, so it was neither planned nor scanned: an error on deploy and scan, a warning on check's plan.",
    { suppressible: false, replaces: ['plan.unavailable', 'scan.zone_unreadable'] },
  ),
  defineRule(
    'github.unavailable',
    'warning',
    'A GitHub request the run can do without failed, or no github-token was given: the PR comment, the head check of deploy, finding the merged pull request. The run went on.',
    { suppressible: false },
  ),
  defineRule(
    'deploy.failed',
    'error',
    'A deploy step failed; the summary says what was done and what was not.',
    { suppressible: false },
  ),
];

/** Every module's rules, as declared: a test checks that no ID (or old ID) is declared twice. */
export const REGISTERED_RULES = [
  ...PIPELINE_RULES,
  ...Object.values(PKI_RULES),
  ...EXTFILE_RULES,
  ...PLAN_RULES,
  ...Object.values(SCAN_RULES),
  ...Object.values(ORIGIN_RULES),
  ...Object.values(ALERTS_RULES),
  ...PROPOSAL_RULES,
];

/** Every rule ID the action can report; `Finding.rule` has this type. */
export type RuleId = (typeof REGISTERED_RULES)[number]['id'];

let sortedRules: readonly Rule[] | undefined;

/**
 * The registry, sorted by ID, for the docs. Sorted on first use: localeCompare loads ICU's
 * collation data, which costs every run start-up time and memory though few runs need the order.
 */
function allRules(): readonly Rule[] {
  return (sortedRules ??= [...REGISTERED_RULES].sort((a, b) => a.id.localeCompare(b.id)));
}

const BY_ID = new Map<string, Rule>(REGISTERED_RULES.map((rule) => [rule.id, rule]));

/** What an `ignore:` entry means: the rules it suppresses, and whether it is an old ID. */
export interface IgnoreEntry {
  /** The rules the entry names: itself, and the rules that took over (part of) its fact. */
  rules: Rule[];
  /** The entry is no rule any more, only an old ID of these rules. */
  renamed: boolean;
}

export function resolveIgnoreEntry(entry: string): IgnoreEntry {
  const named = BY_ID.get(entry);
  const successors = allRules().filter((rule) => rule.replaces.includes(entry));
  return { rules: named ? [named, ...successors] : successors, renamed: !named && successors.length > 0 };
}

/** Where the PR comment links a rule ID: docs/rules.md has an anchor named after each ID. */
export function ruleDocUrl(id: RuleId): string {
  return `https://github.com/aop-certs/aop-certs/blob/v1/docs/rules.md#${id}`;
}

export function rulesMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const renamed = allRules()
    .flatMap((rule) => rule.replaces.filter((old) => !BY_ID.has(old)).map((old) => [old, rule.id] as const))
    .sort(([a], [b]) => a.localeCompare(b));
  return [
    '# Rules',
    '',
    'Every finding carries one of these rule IDs. A certificate can suppress a rule marked',
    '"suppressible" with `ignore: [rule-id]`: the report then shows its findings as suppressed,',
    'and they never fail the step. Naming any other rule in `ignore:` is reported. Severities are the',
    'defaults: expiry is a warning for an unchanged certificate, and scan maps its findings through',
    '`fail-on-scan` (`critical` by default).',
    '',
    'Generated from the code by `npm run docs`; a test fails when this file is out of date.',
    '',
    '| rule | severity | suppressible | fires when |',
    '| --- | --- | --- | --- |',
    ...allRules().map(
      (rule) =>
        `| <a id="${rule.id}"></a>\`${rule.id}\` | ${rule.severity} | ${rule.suppressible ? 'yes' : 'no'} | ${escape(rule.summary)} |`,
    ),
    '',
    '## Old rule IDs',
    '',
    'Findings carry the new ID. `ignore:` still accepts an old one, with a notice to write the new ID',
    'instead (a warning when the new rule cannot be suppressed).',
    '',
    '| old ID | now |',
    '| --- | --- |',
    ...renamed.map(([old, now]) => `| \`${old}\` | [\`${now}\`](#${now}) |`),
    '',
  ].join('\n');
}
