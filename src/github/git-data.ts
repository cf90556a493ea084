/**
 * Writes a branch through GitHub's git data API (blobs, tree, commit, ref) and opens or updates
 * its pull request: no clone, no push credentials, and commits made with a GitHub App token are
 * signed by GitHub (verified).
 */
import type { GitHubContext } from './client.js';
import { createGitHubContext, type GitHubOptions } from './client.js';
import { githubCall, githubLookup, GitHubPermissionError } from './errors.js';
import { createPullRequest, openPullRequestFrom, updatePullRequest, type OpenPullRequest } from './pulls.js';

export interface ProposalSpec {
  /** The branch the action owns, e.g. `aop-certs/renew`; force-moved on every proposal. */
  branch: string;
  /** Where the pull request merges into; default: the repository's default branch. */
  base?: string;
  title: string;
  body: string;
  commitMessage: string;
  /** Repository-relative path → new text content. */
  files: Record<string, string>;
}

export interface ProposalResult {
  action: 'created' | 'updated';
  number: number;
  url: string;
  commitSha: string;
  base: string;
}

export interface Proposals {
  /** Commits `files` on top of the base branch's head, moves the branch there, and opens or edits its PR. */
  propose(spec: ProposalSpec): Promise<ProposalResult>;
  /** The open pull request from `branch`, if any. */
  openFrom(branch: string): Promise<OpenPullRequest | undefined>;
}

async function defaultBranch(gh: GitHubContext): Promise<string> {
  const { owner, repo, octokit } = gh;
  const { data } = await githubCall('read the repository', 'contents: read', () =>
    octokit.rest.repos.get({ owner, repo }),
  );
  return data.default_branch;
}

async function branchSha(gh: GitHubContext, branch: string): Promise<string | undefined> {
  const { owner, repo, octokit } = gh;
  const response = await githubLookup(`read the ref of ${branch}`, 'contents: read', () =>
    octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
  );
  return response?.data.object.sha;
}

async function treeOf(gh: GitHubContext, commitSha: string): Promise<string> {
  const { owner, repo, octokit } = gh;
  const { data } = await githubCall(`read commit ${commitSha}`, 'contents: read', () =>
    octokit.rest.git.getCommit({ owner, repo, commit_sha: commitSha }),
  );
  return data.tree.sha;
}

/** One commit holding `files` on top of `parent`; returns its sha. */
async function commitFiles(
  gh: GitHubContext,
  parent: string,
  message: string,
  files: Record<string, string>,
): Promise<string> {
  const { owner, repo, octokit } = gh;
  const baseTree = await treeOf(gh, parent);
  const tree: { path: string; mode: '100644'; type: 'blob'; sha: string }[] = [];
  for (const [path, content] of Object.entries(files)) {
    const { data } = await githubCall(`store ${path}`, 'contents: write', () =>
      octokit.rest.git.createBlob({
        owner,
        repo,
        content: Buffer.from(content).toString('base64'),
        encoding: 'base64',
      }),
    );
    tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: data.sha });
  }
  const { data: created } = await githubCall('write the tree', 'contents: write', () =>
    octokit.rest.git.createTree({ owner, repo, base_tree: baseTree, tree }),
  );
  const { data: commit } = await githubCall('write the commit', 'contents: write', () =>
    octokit.rest.git.createCommit({ owner, repo, message, tree: created.sha, parents: [parent] }),
  );
  return commit.sha;
}

/** Points `branch` at `sha`, creating it or force-moving it (the branch belongs to the action). */
async function moveBranch(gh: GitHubContext, branch: string, sha: string): Promise<void> {
  const { owner, repo, octokit } = gh;
  const exists = (await branchSha(gh, branch)) !== undefined;
  if (exists) {
    await githubCall(`move branch ${branch}`, 'contents: write', () =>
      octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: true }),
    );
  } else {
    await githubCall(`create branch ${branch}`, 'contents: write', () =>
      octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha }),
    );
  }
}

async function propose(gh: GitHubContext, spec: ProposalSpec): Promise<ProposalResult> {
  const base = spec.base ?? (await defaultBranch(gh));
  const parent = await branchSha(gh, base);
  if (!parent) throw new GitHubPermissionError(`read branch ${base}`, 404, 'Not Found', 'contents: read');
  const commitSha = await commitFiles(gh, parent, spec.commitMessage, spec.files);
  await moveBranch(gh, spec.branch, commitSha);
  const body = gh.redact(spec.body);
  const title = gh.redact(spec.title);
  const open = await openPullRequestFrom(gh, spec.branch);
  if (open) {
    await updatePullRequest(gh, open.number, { title, body });
    return { action: 'updated', number: open.number, url: open.url, commitSha, base };
  }
  const created = await createPullRequest(gh, { head: spec.branch, base, title, body });
  return { action: 'created', ...created, commitSha, base };
}

export function createProposals(options: GitHubOptions): Proposals {
  const gh = createGitHubContext(options);
  return {
    propose: (spec) => propose(gh, spec),
    openFrom: (branch) => openPullRequestFrom(gh, branch),
  };
}
