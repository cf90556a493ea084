/** The origin probes' rules; errors under `verify-origin: enforce`, warnings under `warn`. */
import type { RuleInfo } from '../findings.js';

export const ORIGIN_RULES = {
  notEnforced: {
    id: 'origin.not_enforced',
    severity: 'error',
    summary:
      'The origin answered a request that carried no client certificate (probe a): anyone who finds its address bypasses Cloudflare. A warning under verify-origin: warn.',
  },
  acceptsForeign: {
    id: 'origin.accepts_foreign',
    severity: 'error',
    summary:
      'The origin accepted a client certificate from a CA made for the run, which it cannot trust (probe b). A warning under verify-origin: warn.',
  },
  refusesLeaf: {
    id: 'origin.refuses_leaf',
    severity: 'error',
    summary:
      "The origin refused the manifest's own leaf with its key (probe c): deploy points no hostname at it. A warning under verify-origin: warn, except in deploy.",
  },
  unreachable: {
    id: 'origin.unreachable',
    severity: 'notice',
    summary:
      'No TCP or TLS connection to the origin: origins often allow only Cloudflare addresses, so run the probes from a runner that can reach it.',
  },
} as const satisfies Record<string, RuleInfo>;

export const ORIGIN_RULE_LIST: RuleInfo[] = Object.values(ORIGIN_RULES);
