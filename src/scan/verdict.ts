/**
 * `fail-on-scan` as finding severities (main fails the step exactly when an error finding exists):
 * critical items are errors unless `never`; warning items are errors only with `warning`.
 */
import type { Finding, RuleId, Severity } from '../findings.js';
import { RULES } from '../pki/rules.js';
import { verdictOf, type CertificateRow } from '../model.js';
import type { FailOnScan, ScanItem, ScanLevel, ScannedRow } from './types.js';

const SEVERITY: Record<FailOnScan, Record<ScanLevel, Severity>> = {
  never: { critical: 'warning', warning: 'warning' },
  critical: { critical: 'error', warning: 'warning' },
  warning: { critical: 'error', warning: 'error' },
};

export function findingOf(item: ScanItem, failOnScan: FailOnScan): Finding {
  const finding: Finding = {
    severity: SEVERITY[failOnScan][item.level],
    rule: item.rule,
    message: item.message,
    fix: item.action,
    zone: item.zone,
  };
  if (item.file) finding.file = item.file;
  if (item.line) finding.line = item.line;
  if (item.certificate) finding.certificate = item.certificate;
  return finding;
}

const EXPIRY_RULES = new Set<RuleId>([RULES.expiryExpired.id, RULES.expiryCritical.id, RULES.expiryWarn.id]);

/** Check's expiry findings, which scan restates under fail-on-scan (with the same rule IDs). */
export function isRestatedByScan(finding: Finding): boolean {
  return EXPIRY_RULES.has(finding.rule);
}

/** A row's verdict: from its own inventory findings and the scan items about it. */
export function rowWithVerdict(
  row: ScannedRow,
  inventoryFindings: Finding[],
  items: ScanItem[],
  failOnScan: FailOnScan,
): CertificateRow {
  const own = inventoryFindings.filter(
    (finding) =>
      finding.zone === row.zone && finding.certificate !== undefined && finding.certificate === row.name,
  );
  const about = items.filter(
    (item) =>
      item.zone === row.zone &&
      ((item.certificate !== undefined && item.certificate === row.name) ||
        (item.certId !== undefined && item.certId === row.id)),
  );
  return { ...row, verdict: verdictOf([...own, ...about.map((item) => findingOf(item, failOnScan))]) };
}
