import { defineRule, type Finding, type Severity } from '../../findings.js';

/** Problems of a certificate's own extension file: its `ignore:` list may name any of them. */
const LINT = { suppressible: true } as const;

export const EXTFILE_RULES = [
  defineRule(
    'extfile.parse',
    'error',
    'A line of the extension file is one `openssl x509 -extfile` rejects.',
    LINT,
  ),
  defineRule(
    'extfile.unsupported_directive',
    'error',
    'The extension file has `.include` or `.pragma`, which the validator cannot follow.',
    LINT,
  ),
  defineRule(
    'extfile.duplicate_key',
    'warning',
    'A key is set twice in one section: openssl silently keeps only the last value.',
    LINT,
  ),
  defineRule(
    'extfile.section_not_found',
    'error',
    'The extension section named by `-extensions` or `extensions =` does not exist.',
    LINT,
  ),
  defineRule(
    'extfile.no_extensions_section',
    'error',
    'The section openssl uses is empty while another has entries: the certificate comes out as v1.',
    LINT,
  ),
  defineRule('extfile.empty', 'warning', 'The extension file declares no extension at all.', LINT),
  defineRule(
    'extfile.mismatch',
    'error',
    'A declared extension is missing from the certificate or differs in criticality or value.',
    LINT,
  ),
  defineRule(
    'extfile.undeclared',
    'warning',
    'The certificate has an extension the file does not declare (other than the key identifiers openssl adds).',
    LINT,
  ),
  defineRule(
    'extfile.empty_san',
    'error',
    'The declared subjectAltName came out empty in the certificate (`email:copy` without a subject e-mail).',
    LINT,
  ),
];

export type ExtFileRule = (typeof EXTFILE_RULES)[number]['id'];

const SEVERITY = new Map<string, Severity>(EXTFILE_RULES.map((rule) => [rule.id, rule.severity]));

export function finding(rule: ExtFileRule, line: number | undefined, message: string, fix: string): Finding {
  return { severity: SEVERITY.get(rule)!, rule, message, fix, ...(line === undefined ? {} : { line }) };
}

/** Quotes a short, name-like token from the file; anything else is described, not quoted. */
export function quoted(token: string): string {
  return /^[\w .:;@/*[\]-]{1,48}$/.test(token) ? `\`${token}\`` : 'a value';
}
