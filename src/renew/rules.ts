/** Rules of the two flows that end in a pull request: renew and import. */
import type { RuleInfo } from '../findings.js';

export const PROPOSAL_RULES: RuleInfo[] = [
  {
    id: 'renew.unknown_name',
    severity: 'error',
    summary:
      'Input `renew-names` names a certificate the manifest does not list, or one in a zone without `renew:`.',
  },
  {
    id: 'renew.ca',
    severity: 'error',
    summary:
      "The zone's signing CA cannot be used: its key variable is unset, does not decrypt, does not match `renew.ca-certificate`, or that certificate is not in origin-ca.",
  },
  {
    id: 'renew.not_renewable',
    severity: 'error',
    summary:
      'A certificate due for renewal cannot be renewed (its key passphrase is unset, its extension file cannot be rebuilt, or the successor would fail a lint).',
  },
  {
    id: 'import.zone',
    severity: 'error',
    summary:
      'A zone of `import-zone-ids` cannot be imported (its name is unknown, it is already in the manifest, or Cloudflare cannot be read).',
  },
  {
    id: 'import.skipped',
    severity: 'warning',
    summary:
      'A certificate Cloudflare holds was not imported: it serves no hostname, or Cloudflare returned no PEM for it.',
  },
];
