import type { Finding, Rule, Severity } from '../findings.js';

/** A lint result before it is placed: what is wrong and how to fix it, not yet where. */
export interface Problem {
  rule: Rule;
  message: string;
  fix: string;
  /** Overrides the rule's severity (expiry of an unchanged certificate is only a warning). */
  severity?: Severity;
  /** The file it concerns, when not the one being checked (a CA in origin-ca). */
  file?: string;
  /** The line of the PEM block it concerns, when that differs from the location's. */
  line?: number;
}

export type ProblemOptions = Pick<Problem, 'severity' | 'file' | 'line'>;

/** Where a problem is reported: the file (repo-relative), the PEM block's line, the manifest entry. */
export interface Location {
  file: string;
  line?: number;
  zone?: string;
  certificate?: string;
}

export function problem(rule: Rule, message: string, fix: string, options: ProblemOptions = {}): Problem {
  const found: Problem = { rule, message, fix };
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(found, { [name]: value });
  }
  return found;
}

export function placeProblem(found: Problem, at: Location): Finding {
  const finding: Finding = {
    severity: found.severity ?? found.rule.severity,
    rule: found.rule.id,
    message: found.message,
    fix: found.fix,
    file: found.file ?? at.file,
  };
  const line = found.file === undefined ? (found.line ?? at.line) : found.line;
  if (line !== undefined) finding.line = line;
  if (at.zone !== undefined) finding.zone = at.zone;
  if (at.certificate !== undefined) finding.certificate = at.certificate;
  return finding;
}
