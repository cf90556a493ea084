/** A finding is one problem (or note) about one file, with where it is and how to fix it. */
import type { RuleId } from './rules.js';

export type { RuleId } from './rules.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  severity: Severity;
  /** Stable rule ID, e.g. `leaf.not_ca`; the compiler checks it against the registry (src/rules.ts). */
  rule: RuleId;
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

/** One rule: what the docs, `ignore:` and every finding of it share. Made only by defineRule. */
export interface Rule<Id extends string = RuleId> {
  id: Id;
  /** The default severity; some rules grade it (expiry of an unchanged certificate, fail-on-scan). */
  severity: Severity;
  /** When it fires, in one sentence, for the docs' rule table. */
  summary: string;
  /** A certificate's `ignore:` list may name it (only rules about one certificate's content). */
  suppressible: boolean;
  /**
   * Older IDs of the same fact: still accepted in `ignore:` (with a deprecation notice when the
   * old ID is no rule any more), so manifests written for them keep working.
   */
  replaces: readonly string[];
}

export interface RuleOptions {
  suppressible: boolean;
  replaces?: readonly string[];
}

/**
 * Declares a rule. The ID keeps its literal type, so the registry (src/rules.ts) can derive
 * `RuleId` from every module's rules and the compiler rejects a finding with an unknown ID.
 */
export function defineRule<const Id extends string>(
  id: Id,
  severity: Severity,
  summary: string,
  options: RuleOptions,
): Rule<Id> {
  return { id, severity, summary, suppressible: options.suppressible, replaces: options.replaces ?? [] };
}
