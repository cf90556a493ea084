import { setTimeout as sleep } from 'node:timers/promises';
import type { GitHubContext } from './client.js';
import { githubCall } from './errors.js';

export interface PullRequestRef {
  number: number;
  url: string;
  state: string;
  merged: boolean;
  mergeCommitSha: string | null;
  headRef: string;
  baseRef: string;
}

interface ListedPull {
  number: number;
  html_url: string;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { ref: string };
  base: { ref: string };
}

/**
 * The PR that this commit merged, else a merged one that contains it; never a merely open one,
 * which is not where a deploy's results belong.
 */
export function preferredPullRequest(pulls: readonly ListedPull[], sha: string): ListedPull | undefined {
  return pulls.find((pull) => pull.merge_commit_sha === sha) ?? pulls.find((pull) => pull.merged_at !== null);
}

/**
 * The pull request behind a pushed commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`), asked
 * again after each of `commitPullsDelaysMs` while GitHub answers `[]` (its index lags right
 * after a merge). Undefined when no PR is associated even then.
 */
export async function pullRequestForCommit(
  gh: GitHubContext,
  sha: string,
): Promise<PullRequestRef | undefined> {
  const { owner, repo, octokit } = gh;
  const delays = [...gh.commitPullsDelaysMs];
  for (;;) {
    const { data } = await githubCall(`list pull requests of commit ${sha}`, 'pull-requests: read', () =>
      octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
        per_page: 100,
      }),
    );
    const pull = preferredPullRequest(data, sha);
    if (pull) {
      return {
        number: pull.number,
        url: pull.html_url,
        state: pull.state,
        merged: pull.merged_at !== null,
        mergeCommitSha: pull.merge_commit_sha,
        headRef: pull.head.ref,
        baseRef: pull.base.ref,
      };
    }
    const delay = delays.shift();
    if (delay === undefined) return undefined;
    gh.log(`GitHub lists no pull request for ${sha} yet; asking again in ${delay} ms`);
    await sleep(delay);
  }
}

export interface OpenPullRequest {
  number: number;
  url: string;
  title: string;
  body: string;
}

/** The open pull request whose head is `branch` of this repository, if any. */
export async function openPullRequestFrom(
  gh: GitHubContext,
  branch: string,
): Promise<OpenPullRequest | undefined> {
  const { owner, repo, octokit } = gh;
  const { data } = await githubCall(`list pull requests from ${branch}`, 'pull-requests: read', () =>
    octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'open', per_page: 100 }),
  );
  const pull = data.find((item) => item.head.ref === branch);
  return pull && { number: pull.number, url: pull.html_url, title: pull.title, body: pull.body ?? '' };
}

/** GitHub's words when the repository does not let workflows open pull requests. */
const ACTIONS_MAY_NOT_OPEN = /not permitted to create or approve pull requests/i;

export async function createPullRequest(
  gh: GitHubContext,
  pull: { head: string; base: string; title: string; body: string },
): Promise<{ number: number; url: string }> {
  const { owner, repo, octokit } = gh;
  try {
    const { data } = await githubCall(`open a pull request from ${pull.head}`, 'pull-requests: write', () =>
      octokit.rest.pulls.create({ owner, repo, ...pull }),
    );
    return { number: data.number, url: data.html_url };
  } catch (error) {
    if (error instanceof Error && ACTIONS_MAY_NOT_OPEN.test(error.message)) {
      error.message +=
        '. Also turn on Settings → Actions → General → "Allow GitHub Actions to create and approve pull requests", or use a GitHub App token.';
    }
    throw error;
  }
}

export async function updatePullRequest(
  gh: GitHubContext,
  number: number,
  change: { title: string; body: string },
): Promise<void> {
  const { owner, repo, octokit } = gh;
  await githubCall(`update pull request #${number}`, 'pull-requests: write', () =>
    octokit.rest.pulls.update({ owner, repo, pull_number: number, ...change }),
  );
}
