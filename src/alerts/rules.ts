/** The rules of expiry alerts as code. */
import type { RuleInfo } from '../findings.js';

export const ALERTS_RULES = {
  missing: {
    id: 'alerts.missing',
    severity: 'warning',
    summary:
      'The manifest has alerts:, and the account has no expiry alert policy of ours: deploy creates it.',
  },
  disabled: {
    id: 'alerts.disabled',
    severity: 'warning',
    summary:
      'Our expiry alert policy is disabled in Cloudflare: nobody is told before a certificate expires.',
  },
  drift: {
    id: 'alerts.drift',
    severity: 'warning',
    summary:
      'Our expiry alert policy notifies other mechanisms than the manifest lists (deploy puts them back).',
  },
  permission: {
    id: 'alerts.permission',
    severity: 'error',
    summary:
      'The API token cannot read or write notification policies: it needs "Notifications: Edit" (Read for check and scan) on the account (an error on deploy).',
  },
  failed: {
    id: 'alerts.failed',
    severity: 'error',
    summary: 'Cloudflare could not be read or written for the expiry alert policy (an error on deploy).',
  },
} as const satisfies Record<string, RuleInfo>;

export const ALERTS_RULE_LIST: RuleInfo[] = Object.values(ALERTS_RULES);
