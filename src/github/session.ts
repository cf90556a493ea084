/**
 * The GitHub side of a run: the client for this repository, or none when there is no token. The
 * client (Octokit, and undici under it) is loaded only by a run that has a token.
 */
import * as core from '@actions/core';
import type { GitHub } from './index.js';
import type { CommentContext } from '../report/comment.js';
import { redactSecrets } from '../secrets.js';
import type { Settings } from '../settings.js';

export async function githubFor(settings: Settings): Promise<GitHub | undefined> {
  const { owner, repo } = settings.event;
  if (!settings.githubToken || !owner || !repo) return undefined;
  const { createGitHub } = await import('./index.js');
  return createGitHub({
    token: settings.githubToken,
    apiUrl: settings.githubApiUrl,
    owner,
    repo,
    log: (message) => core.info(message),
    redact: redactSecrets,
  });
}

/** The hidden marker of a sticky report: one per manifest (and per zone shard). */
export function reportMarker(kind: 'check' | 'deploy' | 'scan', settings: Settings): string {
  const shard = settings.zones.length > 0 ? ` zones=${settings.zones.join(',')}` : '';
  return `<!-- aop-certs:${kind} path=${settings.config}${shard} -->`;
}

/** What a PR comment needs besides the report: its marker, where links point, the expiry windows. */
export function commentContext(settings: Settings, marker: string, sha: string, now: Date): CommentContext {
  return {
    marker,
    serverUrl: settings.runner.serverUrl,
    owner: settings.event.owner,
    repo: settings.event.repo,
    sha,
    now,
    warnDays: settings.warnDays,
    failDays: settings.failDays,
  };
}
