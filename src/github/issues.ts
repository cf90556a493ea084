import type { GitHubContext } from './client.js';
import { assertMarker, pickMarked, withMarker, type UpsertAction } from './marker.js';
import { githubCall, GitHubRequestError } from './errors.js';

export interface TrackingIssue {
  number: number;
  url: string;
  title: string;
  /** With the marker line. */
  body: string;
}

export interface TrackingIssueSpec {
  /** Hidden HTML comment naming the manifest, e.g. `<!-- aop-certs:scan path=aop-certs.yml -->`. */
  marker: string;
  title: string;
  body: string;
  /** Applied when the issue is created; later edits by people are kept. */
  labels?: readonly string[];
  assignees?: readonly string[];
}

export interface TrackingIssueResult {
  action: UpsertAction;
  number: number;
  url: string;
  /** Assignees GitHub refused (422), when the issue was opened without them. */
  unassigned?: string[];
}

/**
 * The open issue carrying `marker`, searched across every page of open issues. Labels are not
 * used to narrow the search: someone removing one must not make the next scan open a duplicate.
 */
export async function findTrackingIssue(
  gh: GitHubContext,
  marker: string,
): Promise<TrackingIssue | undefined> {
  assertMarker(marker);
  const { owner, repo, octokit } = gh;
  const open = await githubCall('list open issues', 'issues: read', () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 }),
  );
  const issues = open.filter((item) => !item.pull_request);
  const found = pickMarked(issues, marker, await gh.login());
  return found && { number: found.number, url: found.html_url, title: found.title, body: found.body ?? '' };
}

/** Opens the tracking issue, or updates the open one in place (title and body). */
export async function upsertTrackingIssue(
  gh: GitHubContext,
  spec: TrackingIssueSpec,
): Promise<TrackingIssueResult> {
  const { owner, repo, octokit } = gh;
  const body = withMarker(gh.redact(spec.body), spec.marker);
  const title = gh.redact(spec.title);
  const existing = await findTrackingIssue(gh, spec.marker);
  if (existing && existing.title === title && existing.body === body) {
    return { action: 'unchanged', number: existing.number, url: existing.url };
  }
  if (existing) {
    await githubCall(`update issue #${existing.number}`, 'issues: write', () =>
      octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title, body }),
    );
    return { action: 'updated', number: existing.number, url: existing.url };
  }
  const assignees = [...(spec.assignees ?? [])];
  const openIssue = (assignTo: string[]) =>
    githubCall('open the tracking issue', 'issues: write', () =>
      octokit.rest.issues.create({
        owner,
        repo,
        title,
        body,
        labels: [...(spec.labels ?? [])],
        assignees: assignTo,
      }),
    );
  try {
    const { data } = await openIssue(assignees);
    return { action: 'created', number: data.number, url: data.html_url };
  } catch (error) {
    // GitHub answers 422 when a login cannot be assigned (a typo, someone who left): the issue
    // matters more than who it is assigned to.
    if (!(error instanceof GitHubRequestError && error.status === 422 && assignees.length > 0)) throw error;
    gh.log(`GitHub refused to assign ${assignees.join(', ')}; opening the tracking issue unassigned`);
    const { data } = await openIssue([]);
    return { action: 'created', number: data.number, url: data.html_url, unassigned: assignees };
  }
}

/** Closes the open tracking issue, if any, after a short comment saying why. */
export async function closeTrackingIssue(
  gh: GitHubContext,
  marker: string,
  comment: string,
): Promise<TrackingIssue | undefined> {
  const { owner, repo, octokit } = gh;
  const existing = await findTrackingIssue(gh, marker);
  if (!existing) return undefined;
  const issue_number = existing.number;
  await githubCall(`comment on issue #${issue_number}`, 'issues: write', () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number, body: gh.redact(comment) }),
  );
  await githubCall(`close issue #${issue_number}`, 'issues: write', () =>
    octokit.rest.issues.update({ owner, repo, issue_number, state: 'closed', state_reason: 'completed' }),
  );
  return existing;
}
