import type { RuleInfo } from '../findings.js';

/** Every rule the planner emits, by topic. */
export const RULES = {
  caChange: {
    id: 'plan.ca_change',
    severity: 'error',
    summary:
      'A hostname would move to a certificate under another CA than the one serving it, without `ca-rollover: true`.',
  },
  slotsExhausted: {
    id: 'plan.slots_exhausted',
    severity: 'error',
    summary:
      'The zone has no free certificate slot for an upload, even in waves, without deleting a certificate in use first.',
  },
  keyMissing: {
    id: 'plan.key_missing',
    severity: 'error',
    summary: 'A certificate that must be uploaded has no private key available.',
  },
  repointUnowned: {
    id: 'plan.repoint_unowned',
    severity: 'notice',
    summary: 'A hostname of the manifest is served by a certificate not under origin-ca and is re-pointed.',
  },
  failedCopyInUse: {
    id: 'plan.failed_copy_in_use',
    severity: 'error',
    summary:
      'A failed earlier upload of a certificate is still associated, so the certificate cannot be uploaded again.',
  },
  duplicateCertificate: {
    id: 'plan.duplicate_certificate',
    severity: 'error',
    summary: 'The same leaf is listed under two names in one zone; Cloudflare holds it once.',
  },
} as const satisfies Record<string, RuleInfo>;

/** The planner's rules as a list, for the docs' rule table. */
export const PLAN_RULES: RuleInfo[] = Object.values(RULES);
