/**
 * Every rule the planner emits, by topic. They guard what a deploy may do to Cloudflare, so none
 * can be suppressed, except the notice that a hostname moves away from a certificate not ours.
 */
import { defineRule } from '../findings.js';

const GUARD = { suppressible: false } as const;

export const RULES = {
  caChange: defineRule(
    'plan.ca_change',
    'error',
    'A hostname would move to a certificate under another CA than the one serving it, without `ca-rollover: true`.',
    GUARD,
  ),
  slotsExhausted: defineRule(
    'plan.slots_exhausted',
    'error',
    'The zone has no free certificate slot for an upload, even in waves, without deleting a certificate in use first.',
    GUARD,
  ),
  keyMissing: defineRule(
    'plan.key_missing',
    'error',
    'A certificate that must be uploaded has no private key available.',
    GUARD,
  ),
  repointUnowned: defineRule(
    'plan.repoint_unowned',
    'notice',
    'A hostname of the manifest is served by a certificate not under origin-ca and is re-pointed.',
    { suppressible: true },
  ),
  failedCopyInUse: defineRule(
    'plan.failed_copy_in_use',
    'error',
    'A failed earlier upload of a certificate is still associated, so the certificate cannot be uploaded again.',
    GUARD,
  ),
  duplicateCertificate: defineRule(
    'plan.duplicate_certificate',
    'error',
    'The same leaf is listed under two names in one zone; Cloudflare holds it once.',
    GUARD,
  ),
};

/** The planner's rules as a list, for the registry. */
export const PLAN_RULES = Object.values(RULES);
