import type { GitHubContext } from './client.js';
import { githubCall } from './errors.js';
import { assertMarker, pickMarked, withMarker, type UpsertAction } from './marker.js';

export interface StickyCommentResult {
  action: UpsertAction;
  id: number;
  url: string;
}

/**
 * One comment per issue or PR and marker: found across every page, updated in place, created
 * only when none exists, left alone when its body is already `body`.
 */
export async function upsertStickyComment(
  gh: GitHubContext,
  issueNumber: number,
  marker: string,
  body: string,
): Promise<StickyCommentResult> {
  assertMarker(marker);
  const fullBody = withMarker(gh.redact(body), marker);
  const { owner, repo, octokit } = gh;
  const comments = await githubCall(`list comments of #${issueNumber}`, 'pull-requests: read', () =>
    octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    }),
  );
  const existing = pickMarked(comments, marker, await gh.login());
  if (existing?.body === fullBody) {
    return { action: 'unchanged', id: existing.id, url: existing.html_url };
  }
  if (existing) {
    const { data } = await githubCall(
      `update comment ${existing.id} on #${issueNumber}`,
      'pull-requests: write',
      () => octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: fullBody }),
    );
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await githubCall(`comment on #${issueNumber}`, 'pull-requests: write', () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: fullBody }),
  );
  return { action: 'created', id: data.id, url: data.html_url };
}
