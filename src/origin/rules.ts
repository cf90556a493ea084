/** The origin probes' rules; errors under `verify-origin: enforce`, warnings under `warn`. */
import { defineRule } from '../findings.js';

// They describe a server or an account, not one certificate's content: none can be suppressed.
const NOT_SUPPRESSIBLE = { suppressible: false } as const;

export const ORIGIN_RULES = {
  notEnforced: defineRule(
    'origin.not_enforced',
    'error',
    'The origin answered a request that carried no client certificate (probe a): anyone who finds its address bypasses Cloudflare. A warning under verify-origin: warn.',
    NOT_SUPPRESSIBLE,
  ),
  acceptsForeign: defineRule(
    'origin.accepts_foreign',
    'error',
    'The origin accepted a client certificate from a CA made for the run, which it cannot trust (probe b). A warning under verify-origin: warn.',
    NOT_SUPPRESSIBLE,
  ),
  refusesLeaf: defineRule(
    'origin.refuses_leaf',
    'error',
    "The origin refused the manifest's own leaf with its key (probe c): deploy points no hostname at it. A warning under verify-origin: warn, except in deploy.",
    NOT_SUPPRESSIBLE,
  ),
  unreachable: defineRule(
    'origin.unreachable',
    'notice',
    'No TCP or TLS connection to the origin: origins often allow only Cloudflare addresses, so run the probes from a runner that can reach it.',
    NOT_SUPPRESSIBLE,
  ),
};
