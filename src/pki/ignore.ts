/**
 * `ignore:` in the manifest: a certificate's findings of the rules it names are kept but marked
 * suppressed, whichever stage found them (check's lints, the extension file, the plan, the scan).
 * Each entry is checked against the whole registry: an unknown ID, a rule that cannot be
 * suppressed and an old ID are each reported at the manifest entry.
 */
import type { Finding, RuleId } from '../findings.js';
import { resolveIgnoreEntry } from '../rules.js';
import { placeProblem, problem, type Location } from './problem.js';
import { RULES } from './rules.js';

/** The suppressible rules an ignore list covers, old IDs included. */
function suppressedRules(ignore: readonly string[]): Set<RuleId> {
  return new Set(
    ignore.flatMap((entry) =>
      resolveIgnoreEntry(entry)
        .rules.filter((rule) => rule.suppressible)
        .map((rule) => rule.id),
    ),
  );
}

/** Marks the findings whose rule the ignore list covers; the report shows them as suppressed. */
export function markSuppressed(findings: Finding[], ignore: readonly string[]): Finding[] {
  const ignored = suppressedRules(ignore);
  return findings.map((finding) => (ignored.has(finding.rule) ? { ...finding, suppressed: true } : finding));
}

/** The manifest's certificates as far as `ignore:` needs them. */
export interface IgnoringZone {
  zone: string;
  certificates: { name: string; ignore: readonly string[] }[];
}

/**
 * Marks the findings of any stage that are about a manifest certificate whose `ignore:` list
 * covers their rule (plan and scan findings carry the zone and certificate they concern).
 */
export function applyIgnoreLists(findings: Finding[], zones: readonly IgnoringZone[]): Finding[] {
  const lists = new Map<string, Set<RuleId>>();
  for (const zone of zones) {
    for (const certificate of zone.certificates)
      lists.set(certificateKey(zone.zone, certificate.name), suppressedRules(certificate.ignore));
  }
  return findings.map((finding) => {
    if (finding.suppressed || finding.zone === undefined || finding.certificate === undefined) return finding;
    const ignored = lists.get(certificateKey(finding.zone, finding.certificate));
    return ignored?.has(finding.rule) ? { ...finding, suppressed: true } : finding;
  });
}

function certificateKey(zone: string, certificate: string): string {
  return `${zone}\u0000${certificate}`;
}

/** What is wrong with the entries of an ignore list, reported at the manifest entry. */
export function ignoreListFindings(ignore: readonly string[], ignoreLocation: Location): Finding[] {
  return [...new Set(ignore)].flatMap((id) => {
    const entry = resolveIgnoreEntry(id);
    if (entry.rules.length === 0) {
      return [
        placeProblem(
          problem(
            RULES.ignoreUnknownRule,
            `The ignore list names "${id}", which is not a rule ID, so it suppresses nothing.`,
            'Use a rule ID exactly as a finding shows it (for example `subject.hostname`; docs/rules.md lists them all), or remove the entry.',
          ),
          ignoreLocation,
        ),
      ];
    }
    const now = entry.rules.map((rule) => `\`${rule.id}\``).join(' and ');
    const fixed = entry.rules.filter((rule) => !rule.suppressible);
    const findings: Finding[] = [];
    if (fixed.length === entry.rules.length) {
      findings.push(
        placeProblem(
          problem(
            RULES.ignoreNotSuppressible,
            `The ignore list names "${id}"${entry.renamed ? ` (now ${now})` : ''}, a rule that cannot be suppressed, so the entry has no effect.`,
            'Remove the entry and fix what the finding reports.',
          ),
          ignoreLocation,
        ),
      );
    } else if (entry.renamed) {
      findings.push(
        placeProblem(
          problem(
            RULES.ignoreRenamedRule,
            `The ignore list names "${id}", an old ID of ${now}; it still works, but may not in a later version.`,
            `Write ${now} instead of "${id}".`,
          ),
          ignoreLocation,
        ),
      );
    }
    return findings;
  });
}
