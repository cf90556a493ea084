/** The JSON GitHub answers for each resource, with the fields the client reads and a few more. */
import { createHash } from 'node:crypto';
import type { Account, Comment, Issue, PullRequest, RepoState } from './state.js';

const WEB = 'https://github.com';

function userJson(user: Account) {
  const id = Number.parseInt(createHash('sha256').update(user.login).digest('hex').slice(0, 8), 16);
  return { login: user.login, id, type: user.type };
}

export function commentJson(api: string, repo: RepoState, comment: Comment) {
  const kind = repo.pullRequest(comment.issueNumber) ? 'pull' : 'issues';
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${api}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(comment.user),
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
  };
}

export function issueJson(api: string, repo: RepoState, issue: Issue) {
  return {
    number: issue.number,
    url: `${api}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: `${WEB}/${repo.fullName}/issues/${issue.number}`,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    labels: issue.labels.map((name) => ({ name })),
    assignees: issue.assignees.map((login) => userJson({ login, type: 'User' })),
    user: userJson(issue.user),
  };
}

/** The issues list includes pull requests, marked by a `pull_request` key. */
export function pullAsIssueJson(api: string, repo: RepoState, pull: PullRequest) {
  return {
    number: pull.number,
    url: `${api}/repos/${repo.fullName}/issues/${pull.number}`,
    html_url: `${WEB}/${repo.fullName}/pull/${pull.number}`,
    title: pull.title,
    body: '',
    state: pull.state,
    labels: [],
    assignees: [],
    user: userJson({ login: 'octocat', type: 'User' }),
    pull_request: { url: `${api}/repos/${repo.fullName}/pulls/${pull.number}` },
  };
}

export function pullJson(api: string, repo: RepoState, pull: PullRequest) {
  return {
    number: pull.number,
    url: `${api}/repos/${repo.fullName}/pulls/${pull.number}`,
    html_url: `${WEB}/${repo.fullName}/pull/${pull.number}`,
    title: pull.title,
    state: pull.state,
    head: pull.head,
    base: pull.base,
    merge_commit_sha: pull.mergeCommitSha,
    merged_at: pull.mergedAt,
  };
}

/** Base64 wrapped at 60 columns, as the contents API sends it. */
export function fileJson(api: string, repo: RepoState, path: string, ref: string, content: string) {
  const bytes = Buffer.from(content, 'utf8');
  const blobSha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  return {
    type: 'file',
    name: path.split('/').pop(),
    path,
    sha: blobSha,
    size: bytes.length,
    url: `${api}/repos/${repo.fullName}/contents/${path}?ref=${encodeURIComponent(ref)}`,
    encoding: 'base64',
    content: (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n',
  };
}
