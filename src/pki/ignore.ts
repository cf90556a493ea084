/** `ignore:` in the manifest: matching findings are kept but marked suppressed; unknown IDs are errors. */
import type { Finding } from '../findings.js';
import { placeProblem, problem, type Location } from './problem.js';
import { RULES } from './rules.js';

/** Marks the findings whose rule the ignore list names; the report shows them as suppressed. */
export function markSuppressed(findings: Finding[], ignore: string[]): Finding[] {
  const ignored = new Set(ignore);
  return findings.map((finding) => (ignored.has(finding.rule) ? { ...finding, suppressed: true } : finding));
}

/** One `ignore.unknown_rule` error for each ignored ID that is no rule at all. */
export function unknownRuleFindings(
  ignore: string[],
  knownRuleIds: ReadonlySet<string>,
  ignoreLocation: Location,
): Finding[] {
  return [...new Set(ignore)]
    .filter((id) => !knownRuleIds.has(id))
    .map((id) =>
      placeProblem(
        problem(
          RULES.ignoreUnknownRule,
          `The ignore list names "${id}", which is not a rule ID, so it suppresses nothing.`,
          'Use a rule ID exactly as a finding shows it (for example `subject.hostname`), or remove the entry.',
        ),
        ignoreLocation,
      ),
    );
}
