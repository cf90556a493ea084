/** A finding is one problem (or note) about one file, with where it is and how to fix it. */
export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  severity: Severity;
  /** Stable rule ID, e.g. `leaf.not_ca`; usable in a certificate's `ignore:` list. */
  rule: string;
  /** What is wrong, in one sentence. Never quotes a file's content or a secret. */
  message: string;
  /** How to fix it (for extension problems, the `cert.v3.ext` line to write). */
  fix?: string;
  /** Path relative to the repository root. */
  file?: string;
  line?: number;
  zone?: string;
  /** The certificate's `name` in the manifest. */
  certificate?: string;
  /** Set when the certificate's `ignore:` list names this rule: reported, never counted. */
  suppressed?: boolean;
  /** Where the fix is written, when not in `file` (a line of the certificate's `cert.v3.ext`): annotated there. */
  fixAt?: { file: string; line: number };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function countsAsError(finding: Finding): boolean {
  return finding.severity === 'error' && !finding.suppressed;
}

/** What every rule module exports about its rules, so `ignore:` can be checked and docs listed. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  /** One line for the docs' rule table. */
  summary: string;
}
