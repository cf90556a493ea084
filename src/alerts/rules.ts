/** The rules of expiry alerts as code. */
import { defineRule } from '../findings.js';

// They describe a server or an account, not one certificate's content: none can be suppressed.
const NOT_SUPPRESSIBLE = { suppressible: false } as const;

export const ALERTS_RULES = {
  missing: defineRule(
    'alerts.missing',
    'warning',
    'The manifest has alerts:, and the account has no expiry alert policy of ours: deploy creates it.',
    NOT_SUPPRESSIBLE,
  ),
  disabled: defineRule(
    'alerts.disabled',
    'warning',
    'Our expiry alert policy is disabled in Cloudflare: nobody is told before a certificate expires.',
    NOT_SUPPRESSIBLE,
  ),
  drift: defineRule(
    'alerts.drift',
    'warning',
    'Our expiry alert policy notifies other mechanisms than the manifest lists (deploy puts them back).',
    NOT_SUPPRESSIBLE,
  ),
  permission: defineRule(
    'alerts.permission',
    'error',
    'The API token cannot read or write notification policies: it needs "Notifications: Edit" (Read for check and scan) on the account (an error on deploy).',
    NOT_SUPPRESSIBLE,
  ),
  failed: defineRule(
    'alerts.failed',
    'error',
    'Cloudflare could not be read or written for the expiry alert policy (an error on deploy).',
    NOT_SUPPRESSIBLE,
  ),
};
