/** The REST endpoints the action uses, below `/repos/{owner}/{repo}`. */
import { paginate } from './pagination.js';
import { commentJson, fileJson, issueJson, pullAsIssueJson, pullJson } from './representations.js';
import type { Account, RepoState } from './state.js';
import { GIT_DATA_ROUTES } from './git-data.js';

export interface RouteContext {
  /** The emulator's base URL, for `url` fields. */
  api: string;
  url: URL;
  /** The pattern's groups, URL-decoded. */
  params: string[];
  repo: RepoState;
  body: Record<string, unknown>;
  caller: Account;
}

export interface Reply {
  status: number;
  body: unknown;
  link?: string;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle: (context: RouteContext) => Reply;
}

export function notFound(): Reply {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}

const MAX_BODY_LENGTH = 65_536;

function invalid(field: string, code = 'missing_field'): Reply {
  return { status: 422, body: { message: 'Validation Failed', errors: [{ field, code }] } };
}

/** Why GitHub would refuse a comment or issue body, if it would. */
function refusedBody(body: unknown, required: boolean): Reply | undefined {
  if (body === undefined && !required) return undefined;
  if (typeof body !== 'string') return invalid('body');
  return body.length > MAX_BODY_LENGTH ? invalid('body', 'custom') : undefined;
}

function refusedAssignees(repo: RepoState, assignees: string[] | undefined): Reply | undefined {
  const unknown = (assignees ?? []).filter((login) => repo.assignable && !repo.assignable.has(login));
  return unknown.length > 0 ? invalid('assignees', 'invalid') : undefined;
}

function pageOf<T>(items: readonly T[], url: URL): Reply {
  const page = paginate(items, url);
  return { status: 200, body: page.items, ...(page.link === undefined ? {} : { link: page.link }) };
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function listComments({ api, url, repo, params }: RouteContext): Reply {
  const number = Number(params[0]);
  if (!repo.pullRequest(number) && !repo.issue(number)) return notFound();
  return pageOf(
    repo.commentsOn(number).map((comment) => commentJson(api, repo, comment)),
    url,
  );
}

function createComment({ api, repo, params, body, caller }: RouteContext): Reply {
  const number = Number(params[0]);
  if (!repo.pullRequest(number) && !repo.issue(number)) return notFound();
  const refused = refusedBody(body.body, true);
  if (refused) return refused;
  return { status: 201, body: commentJson(api, repo, repo.addComment(number, String(body.body), caller)) };
}

function updateComment({ api, repo, params, body }: RouteContext): Reply {
  const comment = repo.comments.find((candidate) => candidate.id === Number(params[0]));
  if (!comment) return notFound();
  const refused = refusedBody(body.body, true);
  if (refused) return refused;
  comment.body = String(body.body);
  comment.updatedAt = new Date().toISOString();
  return { status: 200, body: commentJson(api, repo, comment) };
}

function pullsOfCommit({ api, url, repo, params }: RouteContext): Reply {
  const sha = params[0] ?? '';
  if (repo.commitPullsLag > 0) {
    repo.commitPullsLag -= 1;
    return pageOf([], url);
  }
  const pulls = repo.pullRequests.filter((pull) => pull.mergeCommitSha === sha || pull.commits.includes(sha));
  return pageOf(
    pulls.map((pull) => pullJson(api, repo, pull)),
    url,
  );
}

function getBranch({ repo, params }: RouteContext): Reply {
  const name = params[0] ?? '';
  const sha = repo.branches.get(name);
  if (sha === undefined) return { status: 404, body: { message: 'Branch not found' } };
  return { status: 200, body: { name, commit: { sha }, protected: false } };
}

function listIssues({ api, url, repo }: RouteContext): Reply {
  const state = url.searchParams.get('state') ?? 'open';
  const all = [
    ...repo.issues.map((issue) => ({
      number: issue.number,
      state: issue.state,
      json: issueJson(api, repo, issue),
    })),
    ...repo.pullRequests.map((pull) => ({
      number: pull.number,
      state: pull.state,
      json: pullAsIssueJson(api, repo, pull),
    })),
  ];
  const listed = all
    .filter((item) => state === 'all' || item.state === state)
    .sort((a, b) => b.number - a.number)
    .map((item) => item.json);
  return pageOf(listed, url);
}

function createIssue({ api, repo, body, caller }: RouteContext): Reply {
  if (typeof body.title !== 'string' || body.title === '') return invalid('title');
  const assignees = stringsOf(body.assignees);
  const refused = refusedBody(body.body, false) ?? refusedAssignees(repo, assignees);
  if (refused) return refused;
  const issue = repo.addIssue({
    title: body.title,
    body: typeof body.body === 'string' ? body.body : '',
    labels: stringsOf(body.labels) ?? [],
    assignees: assignees ?? [],
    user: caller,
  });
  return { status: 201, body: issueJson(api, repo, issue) };
}

function updateIssue({ api, repo, params, body }: RouteContext): Reply {
  const issue = repo.issue(Number(params[0]));
  if (!issue) return notFound();
  const assignees = stringsOf(body.assignees);
  const refused = refusedBody(body.body, false) ?? refusedAssignees(repo, assignees);
  if (refused) return refused;
  if (typeof body.title === 'string') issue.title = body.title;
  if (typeof body.body === 'string') issue.body = body.body;
  if (body.state === 'open' || body.state === 'closed') {
    issue.state = body.state;
    issue.stateReason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : 'reopened';
  }
  issue.labels = stringsOf(body.labels) ?? issue.labels;
  issue.assignees = assignees ?? issue.assignees;
  return { status: 200, body: issueJson(api, repo, issue) };
}

function getContent({ api, url, repo, params }: RouteContext): Reply {
  const path = params[0] ?? '';
  const ref = url.searchParams.get('ref') ?? repo.defaultBranch;
  if (!repo.hasRef(ref)) return { status: 404, body: { message: `No commit found for the ref ${ref}` } };
  const content = repo.fileAt(ref, path);
  return content === undefined ? notFound() : { status: 200, body: fileJson(api, repo, path, ref, content) };
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/issues\/(\d+)\/comments$/, handle: listComments },
  { method: 'POST', pattern: /^\/issues\/(\d+)\/comments$/, handle: createComment },
  { method: 'PATCH', pattern: /^\/issues\/comments\/(\d+)$/, handle: updateComment },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/pulls$/, handle: pullsOfCommit },
  { method: 'GET', pattern: /^\/branches\/(.+)$/, handle: getBranch },
  { method: 'GET', pattern: /^\/issues$/, handle: listIssues },
  { method: 'POST', pattern: /^\/issues$/, handle: createIssue },
  { method: 'PATCH', pattern: /^\/issues\/(\d+)$/, handle: updateIssue },
  { method: 'GET', pattern: /^\/contents\/(.+)$/, handle: getContent },
  ...GIT_DATA_ROUTES,
];
