/** What renew and import share: the branch a proposal lives on, and the GitHub client that writes it. */
import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { createProposals, type Proposals } from './git-data.js';
import { redactSecrets } from '../secrets.js';
import type { Settings } from '../settings.js';

export type ProposalKind = 'renew' | 'import';

const DEFAULT_CONFIG = 'aop-certs.yml';

/**
 * `aop-certs/renew`, or `aop-certs/renew-<manifest path>` for another manifest. A suffix, not a
 * sub-folder: git cannot hold both `a/renew` and `a/renew/x` as branches.
 */
export function proposalBranch(kind: ProposalKind, config: string): string {
  if (config === DEFAULT_CONFIG) return `aop-certs/${kind}`;
  const suffix = config
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.+/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `aop-certs/${kind}-${suffix}`;
}

export function proposalMarker(kind: ProposalKind, config: string): string {
  return `<!-- aop-certs:${kind} path=${config} -->`;
}

export function proposalsFor(settings: Settings, kind: ProposalKind): Proposals {
  const { owner, repo } = settings.event;
  if (!settings.githubToken || !owner || !repo) {
    throw new UserError(
      `${kind} proposes its change as a pull request, so it needs "github-token" (the job token with ` +
        '`permissions: { contents: write, pull-requests: write }`, or a GitHub App token: see docs/renewals.md).',
    );
  }
  return createProposals({
    token: settings.githubToken,
    apiUrl: settings.githubApiUrl,
    owner,
    repo,
    log: (message) => core.info(message),
    redact: redactSecrets,
  });
}
