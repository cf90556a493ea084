import type { Finding, RuleInfo, Severity } from '../../findings.js';

const RULES = {
  'extfile.parse': ['error', 'A line of the extension file that `openssl x509 -extfile` rejects.'],
  'extfile.unsupported_directive': [
    'error',
    '`.include` or `.pragma` in the extension file, which the validator cannot follow.',
  ],
  'extfile.duplicate_key': [
    'warning',
    'A key set twice in one section: openssl silently keeps only the last value.',
  ],
  'extfile.section_not_found': [
    'error',
    'The extension section named by `-extensions` or `extensions =` does not exist.',
  ],
  'extfile.no_extensions_section': [
    'error',
    'The section openssl uses is empty while another has entries: the certificate comes out as v1.',
  ],
  'extfile.empty': ['warning', 'The extension file declares no extension at all.'],
  'extfile.mismatch': [
    'error',
    'A declared extension is missing from the certificate or differs in criticality or value.',
  ],
  'extfile.undeclared': [
    'warning',
    'The certificate has an extension the file does not declare (other than the key identifiers openssl adds).',
  ],
  'extfile.empty_san': [
    'error',
    'The declared subjectAltName came out empty in the certificate (`email:copy` without a subject e-mail).',
  ],
} as const satisfies Record<string, readonly [Severity, string]>;

export type ExtFileRule = keyof typeof RULES;

export const EXTFILE_RULES: RuleInfo[] = Object.entries(RULES).map(([id, [severity, summary]]) => ({
  id,
  severity,
  summary,
}));

export function finding(rule: ExtFileRule, line: number | undefined, message: string, fix: string): Finding {
  return { severity: RULES[rule][0], rule, message, fix, ...(line === undefined ? {} : { line }) };
}

/** Quotes a short, name-like token from the file; anything else is described, not quoted. */
export function quoted(token: string): string {
  return /^[\w .:;@/*[\]-]{1,48}$/.test(token) ? `\`${token}\`` : 'a value';
}
