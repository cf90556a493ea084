import type { GitHubContext } from './client.js';
import { githubLookup } from './errors.js';

/** The sha at the head of `branch`, or undefined when there is no such branch. */
export async function branchHead(gh: GitHubContext, branch: string): Promise<string | undefined> {
  const { owner, repo, octokit } = gh;
  const response = await githubLookup(`read branch ${branch}`, 'contents: read', () =>
    octokit.rest.repos.getBranch({ owner, repo, branch }),
  );
  return response?.data.commit.sha;
}

/**
 * A text file's content at `ref` (branch, tag or sha), or undefined when the file (or the ref)
 * does not exist there: on a PR, the base branch's copy of a certificate.
 */
export async function fileAtRef(gh: GitHubContext, path: string, ref: string): Promise<string | undefined> {
  const { owner, repo, octokit } = gh;
  const operation = `read ${path} at ${ref}`;
  const response = await githubLookup(operation, 'contents: read', () =>
    octokit.rest.repos.getContent({ owner, repo, path, ref }),
  );
  if (!response) return undefined;
  const { data } = response;
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
    throw new Error(`GitHub: ${operation}: it is not a regular file`);
  }
  if (data.encoding !== 'base64') {
    throw new Error(`GitHub: ${operation}: the file is too large for the contents API (over 1 MB)`);
  }
  return Buffer.from(data.content, 'base64').toString('utf8');
}
