/**
 * The only code that speaks to GitHub. `createGitHub` binds every operation to one repository
 * and token; commands receive the `GitHub` interface, so their tests can pass a fake.
 */
import { createGitHubContext, type GitHubOptions } from './client.js';
import { upsertStickyComment, type StickyCommentResult } from './comments.js';
import {
  closeTrackingIssue,
  findTrackingIssue,
  upsertTrackingIssue,
  type TrackingIssue,
  type TrackingIssueResult,
  type TrackingIssueSpec,
} from './issues.js';
import { pullRequestForCommit, type PullRequestRef } from './pulls.js';
import { branchHead, fileAtRef } from './repository.js';

export interface GitHub {
  /**
   * One comment per PR and marker, updated in place. Also used for deploy results, with its
   * own marker, so a re-run updates its comment instead of adding one.
   */
  upsertStickyComment(issueNumber: number, marker: string, body: string): Promise<StickyCommentResult>;
  pullRequestForCommit(sha: string): Promise<PullRequestRef | undefined>;
  branchHead(branch: string): Promise<string | undefined>;
  fileAtRef(path: string, ref: string): Promise<string | undefined>;
  findTrackingIssue(marker: string): Promise<TrackingIssue | undefined>;
  upsertTrackingIssue(spec: TrackingIssueSpec): Promise<TrackingIssueResult>;
  closeTrackingIssue(marker: string, comment: string): Promise<TrackingIssue | undefined>;
}

export function createGitHub(options: GitHubOptions): GitHub {
  const gh = createGitHubContext(options);
  return {
    upsertStickyComment: (issueNumber, marker, body) => upsertStickyComment(gh, issueNumber, marker, body),
    pullRequestForCommit: (sha) => pullRequestForCommit(gh, sha),
    branchHead: (branch) => branchHead(gh, branch),
    fileAtRef: (path, ref) => fileAtRef(gh, path, ref),
    findTrackingIssue: (marker) => findTrackingIssue(gh, marker),
    upsertTrackingIssue: (spec) => upsertTrackingIssue(gh, spec),
    closeTrackingIssue: (marker, comment) => closeTrackingIssue(gh, marker, comment),
  };
}

export type { GitHubOptions } from './client.js';
export type { StickyCommentResult } from './comments.js';
export { GitHubPermissionError, GitHubRequestError } from './errors.js';
export type { TrackingIssue, TrackingIssueResult, TrackingIssueSpec } from './issues.js';
export type { PullRequestRef } from './pulls.js';
