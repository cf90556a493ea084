import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { tokenLogin } from './identity.js';

export interface GitHubOptions {
  token: string;
  /** REST base URL; the caller passes `GITHUB_API_URL` (GHES, or an emulator in tests). */
  apiUrl: string;
  owner: string;
  repo: string;
  /** Progress lines (waits, retries); never given a secret. */
  log?: (message: string) => void;
  /** Applied to every comment or issue text before it is sent: removes secrets the run has read. */
  redact?: (text: string) => string;
  /** Transient failures (5xx, 429) are retried `retries` times, waiting n² × `retryAfterBaseMs`. */
  retry?: { retries?: number; retryAfterBaseMs?: number };
  /**
   * Waits between asks of commit → pull requests while it answers `[]`: GitHub's index lags
   * right after a merge. Default 1 s, 2 s, 4 s.
   */
  commitPullsDelaysMs?: readonly number[];
}

export type Octokit = ReturnType<typeof getOctokit>;

/** What every operation module needs: the client and the repository it acts on. */
export interface GitHubContext {
  octokit: Octokit;
  owner: string;
  repo: string;
  log: (message: string) => void;
  /** Removes secrets from a comment's or issue's text (never from its marker). */
  redact: (text: string) => string;
  commitPullsDelaysMs: readonly number[];
  /** The login the token writes as, asked of GitHub once per run (see identity.ts). */
  login: () => Promise<string>;
}

const DEFAULT_COMMIT_PULLS_DELAYS_MS = [1000, 2000, 4000];

export function createGitHubContext(options: GitHubOptions): GitHubContext {
  const octokit = getOctokit(
    options.token,
    {
      // @actions/github reads GITHUB_API_URL once, at import: pass it explicitly.
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      retry: {
        retries: options.retry?.retries ?? 3,
        retryAfterBaseValue: options.retry?.retryAfterBaseMs ?? 1000,
      },
    },
    retry,
  );
  const log = options.log ?? (() => {});
  let login: Promise<string> | undefined;
  return {
    octokit,
    owner: options.owner,
    repo: options.repo,
    log,
    login: () => (login ??= tokenLogin(octokit, log)),
    redact: options.redact ?? ((text) => text),
    commitPullsDelaysMs: options.commitPullsDelaysMs ?? DEFAULT_COMMIT_PULLS_DELAYS_MS,
  };
}
