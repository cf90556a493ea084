/**
 * The rules only a scan reports; severities are those of the default `fail-on-scan: critical`.
 * Expiry is reported under the check's expiry rules (src/pki/rules.ts), so one `ignore:` entry
 * covers both commands.
 */
import { defineRule } from '../findings.js';

export const SCAN_RULES = {
  notServed: defineRule(
    'scan.hostname_not_served',
    'error',
    'A manifest hostname has no enabled association (missing, voided or disabled).',
    { suppressible: true },
  ),
  drift: defineRule(
    'scan.hostname_drift',
    'warning',
    "A manifest hostname is served by a certificate other than the manifest's.",
    { suppressible: true },
  ),
  orphan: defineRule(
    'scan.orphan',
    'warning',
    'A certificate signed by origin-ca is in Cloudflare, and nothing in the manifest names it.',
    { suppressible: false },
  ),
  timedOut: defineRule(
    'scan.timed_out',
    'error',
    'A certificate or association is stuck in a *_timed_out status.',
    { suppressible: false },
  ),
  issueNotWritten: defineRule(
    'scan.issue_not_written',
    'error',
    'Something needs action and the tracking issue could not be written (whatever fail-on-scan says).',
    { suppressible: false },
  ),
  issueNotClosed: defineRule(
    'scan.issue_not_closed',
    'warning',
    'All is well, but the open tracking issue could not be closed.',
    { suppressible: false },
  ),
};
