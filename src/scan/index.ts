/** Scan analysis, pure: each zone's manifest, repository certificates and Cloudflare state → items, rows, findings. */
import type { Finding } from '../findings.js';
import { applyIgnoreLists } from '../pki/ignore.js';
import type { CertificateRow } from '../model.js';
import type { FailOnScan, ScanItem, ScanPolicy, ZoneScanInput } from './types.js';
import { findingOf, rowWithVerdict } from './verdict.js';
import { scanZone, settingIsOff } from './zone.js';

export interface ScanResult {
  /** What needs a person's action: the items no certificate's `ignore:` list suppresses. */
  items: ScanItem[];
  rows: CertificateRow[];
  findings: Finding[];
  othersLeftAlone: number;
  /** Zones whose zone-level AOP setting is off. */
  settingOff: string[];
}

export function scanZones(
  zones: ZoneScanInput[],
  policy: ScanPolicy,
  failOnScan: FailOnScan,
  inventoryFindings: Finding[],
): ScanResult {
  const scans = zones.map((zone) => scanZone(zone, policy));
  const found = scans.flatMap((scan) => scan.items);
  const findings = applyIgnoreLists(
    found.map((item) => findingOf(item, failOnScan)),
    zones.map((input) => input.zone),
  );
  // What a certificate's ignore: list suppresses is reported, but needs no one's action.
  const items = found.filter((_, index) => !findings[index]!.suppressed);
  return {
    items,
    rows: scans
      .flatMap((scan) => scan.rows)
      .map((row) => rowWithVerdict(row, inventoryFindings, items, failOnScan)),
    findings,
    othersLeftAlone: scans.reduce((sum, scan) => sum + scan.othersLeftAlone, 0),
    settingOff: zones.filter(settingIsOff).map((input) => input.zone.zone),
  };
}

export { SCAN_RULES } from './rules.js';
export { isRestatedByScan } from './verdict.js';
export type { ScanItem, ScanPolicy, ScanTodo, ZoneScanInput } from './types.js';
