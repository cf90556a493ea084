/** Rules of the two flows that end in a pull request: renew and import. */
import { defineRule } from '../findings.js';

// They are about a run's inputs and the signing CA, not one certificate's content.
const NOT_SUPPRESSIBLE = { suppressible: false } as const;

export const PROPOSAL_RULES = [
  defineRule(
    'renew.unknown_name',
    'error',
    'Input `renew-names` names a certificate the manifest does not list, or one in a zone without `renew:`.',
    NOT_SUPPRESSIBLE,
  ),
  defineRule(
    'renew.ca',
    'error',
    "The zone's signing CA cannot be used: its key variable is unset, does not decrypt, does not match `renew.ca-certificate`, or that certificate is not in origin-ca.",
    NOT_SUPPRESSIBLE,
  ),
  defineRule(
    'renew.not_renewable',
    'error',
    'A certificate due for renewal cannot be renewed (its key passphrase is unset, its extension file cannot be rebuilt, or the successor would fail a lint).',
    NOT_SUPPRESSIBLE,
  ),
  defineRule(
    'import.zone',
    'error',
    'A zone of `import-zone-ids` cannot be imported (its name is unknown, it is already in the manifest, or Cloudflare cannot be read).',
    NOT_SUPPRESSIBLE,
  ),
  defineRule(
    'import.skipped',
    'warning',
    'A certificate Cloudflare holds was not imported: it serves no hostname, or Cloudflare returned no PEM for it.',
    NOT_SUPPRESSIBLE,
  ),
];
