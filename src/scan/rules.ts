/** The rules a scan reports; severities are those of the default `fail-on-scan: critical`. */
import type { RuleInfo, Severity } from '../findings.js';

function rule(id: string, severity: Severity, summary: string): RuleInfo {
  return { id, severity, summary };
}

export const SCAN_RULES = {
  expired: rule('scan.expired', 'error', 'A certificate in the manifest or serving a hostname has expired.'),
  expiringCritical: rule('scan.expiring_critical', 'error', 'A certificate expires within fail-days.'),
  expiring: rule('scan.expiring', 'warning', 'A certificate expires within warn-days.'),
  notServed: rule(
    'scan.hostname_not_served',
    'error',
    'A manifest hostname has no enabled association (missing, voided or disabled).',
  ),
  drift: rule(
    'scan.hostname_drift',
    'warning',
    "A manifest hostname is served by a certificate other than the manifest's.",
  ),
  orphan: rule(
    'scan.orphan',
    'warning',
    'A certificate signed by origin-ca that nothing in the manifest names.',
  ),
  timedOut: rule('scan.timed_out', 'error', 'A certificate or association is stuck in a *_timed_out status.'),
  zoneUnreadable: rule('scan.zone_unreadable', 'error', "Cloudflare did not answer for the zone's state."),
  issueNotWritten: rule(
    'scan.issue_not_written',
    'error',
    'Something needs action and the tracking issue could not be written (whatever fail-on-scan says).',
  ),
  issueNotClosed: rule(
    'scan.issue_not_closed',
    'warning',
    'All is well, but the open tracking issue could not be closed.',
  ),
} satisfies Record<string, RuleInfo>;
