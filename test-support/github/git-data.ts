/**
 * The git data endpoints (blobs, trees, commits, refs) and the pulls endpoints a proposal uses,
 * in the shapes GitHub documents for them. Objects live beside the repository's state; a
 * branch head the test set without objects reads as a commit with an empty tree of its own.
 */
import { createHash } from 'node:crypto';
import { pullJson } from './representations.js';
import type { RouteContext, Reply } from './routes.js';
import type { PullRequest, RepoState } from './state.js';

interface Tree {
  /** Entries written by this tree and its base trees, path → blob sha. */
  entries: Map<string, string>;
}

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

interface GitObjects {
  blobs: Map<string, Buffer>;
  trees: Map<string, Tree>;
  commits: Map<string, Commit>;
  bodies: Map<number, string>;
}

const stores = new WeakMap<RepoState, GitObjects>();

function objectsOf(repo: RepoState): GitObjects {
  let objects = stores.get(repo);
  if (!objects) {
    objects = { blobs: new Map(), trees: new Map(), commits: new Map(), bodies: new Map() };
    stores.set(repo, objects);
  }
  return objects;
}

const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');

function missing(message = 'Not Found'): Reply {
  return { status: 404, body: { message, documentation_url: 'https://docs.github.com/rest/git' } };
}

function unprocessable(message: string): Reply {
  return { status: 422, body: { message, documentation_url: 'https://docs.github.com/rest/git' } };
}

/** A commit the test made by setting a branch head: an empty tree of its own. */
function commitOf(repo: RepoState, sha: string): Commit | undefined {
  const objects = objectsOf(repo);
  const known = objects.commits.get(sha);
  if (known) return known;
  if (![...repo.branches.values()].includes(sha)) return undefined;
  const tree = sha1(`tree of ${sha}`);
  objects.trees.set(tree, { entries: new Map() });
  const commit = { tree, parents: [], message: 'base' };
  objects.commits.set(sha, commit);
  return commit;
}

function commitJson(api: string, repo: RepoState, sha: string, commit: Commit) {
  const person = {
    name: 'github-actions[bot]',
    email: 'github-actions[bot]@users.noreply.github.com',
    date: new Date().toISOString(),
  };
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${api}/repos/${repo.fullName}/git/commits/${sha}`,
    html_url: `https://github.com/${repo.fullName}/commit/${sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/repos/${repo.fullName}/git/trees/${commit.tree}` },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${api}/repos/${repo.fullName}/git/commits/${parent}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function refJson(api: string, repo: RepoState, branch: string, sha: string) {
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_${sha1(branch)}`,
    url: `${api}/repos/${repo.fullName}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${api}/repos/${repo.fullName}/git/commits/${sha}` },
  };
}

/** The files a commit's tree holds (those written through the API), as text. */
export function filesOfCommit(repo: RepoState, sha: string): Record<string, string> {
  const objects = objectsOf(repo);
  const commit = objects.commits.get(sha);
  const tree = commit && objects.trees.get(commit.tree);
  if (!tree) return {};
  return Object.fromEntries(
    [...tree.entries].map(([path, blob]) => [path, objects.blobs.get(blob)!.toString('utf8')]),
  );
}

/** Every blob ever stored, as text: tests search them for key material. */
export function storedBlobs(repo: RepoState): string[] {
  return [...objectsOf(repo).blobs.values()].map((blob) => blob.toString('utf8'));
}

export function pullBody(repo: RepoState, number: number): string | undefined {
  return objectsOf(repo).bodies.get(number);
}

/** Makes the branch's files visible to the contents endpoint, as a push would. */
function publish(repo: RepoState, branch: string, sha: string): void {
  repo.setBranch(branch, sha);
  for (const [path, content] of Object.entries(filesOfCommit(repo, sha))) repo.setFile(sha, path, content);
}

function getRef({ api, repo, params }: RouteContext): Reply {
  const branch = params[0] ?? '';
  const sha = repo.branches.get(branch);
  return sha === undefined ? missing() : { status: 200, body: refJson(api, repo, branch, sha) };
}

function createRef({ api, repo, body }: RouteContext): Reply {
  const ref = typeof body.ref === 'string' ? body.ref : '';
  const sha = typeof body.sha === 'string' ? body.sha : '';
  if (!ref.startsWith('refs/') || ref.split('/').length < 3)
    return unprocessable('Reference name is invalid');
  const branch = ref.replace(/^refs\/heads\//, '');
  if (repo.branches.has(branch)) return unprocessable('Reference already exists');
  if (!commitOf(repo, sha)) return unprocessable('Object does not exist');
  publish(repo, branch, sha);
  return { status: 201, body: refJson(api, repo, branch, sha) };
}

function isAncestor(repo: RepoState, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(commitOf(repo, next)?.parents ?? []));
  }
  return false;
}

function updateRef({ api, repo, params, body }: RouteContext): Reply {
  const branch = params[0] ?? '';
  const current = repo.branches.get(branch);
  const sha = typeof body.sha === 'string' ? body.sha : '';
  if (current === undefined) return unprocessable('Reference does not exist');
  if (!commitOf(repo, sha)) return unprocessable('Object does not exist');
  if (body.force !== true && !isAncestor(repo, current, sha))
    return unprocessable('Update is not a fast forward');
  publish(repo, branch, sha);
  return { status: 200, body: refJson(api, repo, branch, sha) };
}

function getCommit({ api, repo, params }: RouteContext): Reply {
  const sha = params[0] ?? '';
  const commit = commitOf(repo, sha);
  return commit
    ? { status: 200, body: commitJson(api, repo, sha, commit) }
    : missing('No commit found for SHA');
}

function createBlob({ api, repo, body }: RouteContext): Reply {
  if (typeof body.content !== 'string') return unprocessable('Invalid request. "content" wasn\'t supplied.');
  const bytes =
    body.encoding === 'base64' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8');
  const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  objectsOf(repo).blobs.set(sha, bytes);
  return { status: 201, body: { sha, url: `${api}/repos/${repo.fullName}/git/blobs/${sha}` } };
}

function createTree({ api, repo, body }: RouteContext): Reply {
  const objects = objectsOf(repo);
  const base = typeof body.base_tree === 'string' ? objects.trees.get(body.base_tree) : undefined;
  if (body.base_tree !== undefined && !base) return unprocessable('base_tree is not a valid tree oid');
  if (!Array.isArray(body.tree)) return unprocessable('Invalid tree info');
  const entries = new Map(base?.entries ?? []);
  for (const item of body.tree as Record<string, unknown>[]) {
    if (typeof item.path !== 'string' || item.mode !== '100644' || item.type !== 'blob') {
      return unprocessable('Invalid tree info');
    }
    if (typeof item.sha !== 'string' || !objects.blobs.has(item.sha))
      return unprocessable('Invalid tree info');
    entries.set(item.path, item.sha);
  }
  const sha = sha1(JSON.stringify([...entries].sort()));
  objects.trees.set(sha, { entries });
  return {
    status: 201,
    body: {
      sha,
      url: `${api}/repos/${repo.fullName}/git/trees/${sha}`,
      truncated: false,
      tree: [...entries].map(([path, blob]) => ({ path, mode: '100644', type: 'blob', sha: blob })),
    },
  };
}

function createCommit({ api, repo, body }: RouteContext): Reply {
  const objects = objectsOf(repo);
  const tree = typeof body.tree === 'string' ? body.tree : '';
  const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
  if (typeof body.message !== 'string' || !objects.trees.has(tree))
    return unprocessable('Tree SHA does not exist');
  if (parents.some((parent) => !commitOf(repo, parent))) return unprocessable('Parent SHA does not exist');
  const commit = { tree, parents, message: body.message };
  const sha = sha1(JSON.stringify(commit) + objects.commits.size);
  objects.commits.set(sha, commit);
  return { status: 201, body: commitJson(api, repo, sha, commit) };
}

function withBody(api: string, repo: RepoState, pull: PullRequest) {
  return { ...pullJson(api, repo, pull), body: objectsOf(repo).bodies.get(pull.number) ?? null };
}

function listPulls({ api, url, repo }: RouteContext): Reply {
  const state = url.searchParams.get('state') ?? 'open';
  const head = url.searchParams.get('head');
  const pulls = repo.pullRequests.filter(
    (pull) =>
      (state === 'all' || pull.state === state) &&
      (head === null || `${repo.owner}:${pull.head.ref}` === head),
  );
  return { status: 200, body: pulls.map((pull) => withBody(api, repo, pull)) };
}

function createPull({ api, repo, body }: RouteContext): Reply {
  const head = typeof body.head === 'string' ? body.head.replace(/^[^:]+:/, '') : '';
  const base = typeof body.base === 'string' ? body.base : '';
  const headSha = repo.branches.get(head);
  if (typeof body.title !== 'string' || headSha === undefined || !repo.branches.has(base)) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
      },
    };
  }
  if (repo.pullRequests.some((pull) => pull.state === 'open' && pull.head.ref === head)) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${repo.owner}:${head}.`,
          },
        ],
      },
    };
  }
  const pull = repo.addPullRequest({
    title: body.title,
    head: { ref: head, sha: headSha },
    base: { ref: base },
  });
  objectsOf(repo).bodies.set(pull.number, typeof body.body === 'string' ? body.body : '');
  return { status: 201, body: withBody(api, repo, pull) };
}

function updatePull({ api, repo, params, body }: RouteContext): Reply {
  const pull = repo.pullRequest(Number(params[0]));
  if (!pull) return missing();
  if (typeof body.title === 'string') pull.title = body.title;
  if (typeof body.body === 'string') objectsOf(repo).bodies.set(pull.number, body.body);
  if (body.state === 'open' || body.state === 'closed') pull.state = body.state;
  pull.head = { ...pull.head, sha: repo.branches.get(pull.head.ref) ?? pull.head.sha };
  return { status: 200, body: withBody(api, repo, pull) };
}

function getRepository({ repo }: RouteContext): Reply {
  return {
    status: 200,
    body: {
      name: repo.name,
      full_name: repo.fullName,
      owner: { login: repo.owner },
      default_branch: repo.defaultBranch,
      private: true,
    },
  };
}

export const GIT_DATA_ROUTES = [
  { method: 'GET', pattern: /^$/, handle: getRepository },
  { method: 'GET', pattern: /^\/git\/ref\/heads(?:\/|%2F)(.+)$/i, handle: getRef },
  { method: 'POST', pattern: /^\/git\/refs$/, handle: createRef },
  { method: 'PATCH', pattern: /^\/git\/refs\/heads(?:\/|%2F)(.+)$/i, handle: updateRef },
  { method: 'GET', pattern: /^\/git\/commits\/([0-9a-f]{40})$/, handle: getCommit },
  { method: 'POST', pattern: /^\/git\/blobs$/, handle: createBlob },
  { method: 'POST', pattern: /^\/git\/trees$/, handle: createTree },
  { method: 'POST', pattern: /^\/git\/commits$/, handle: createCommit },
  { method: 'GET', pattern: /^\/pulls$/, handle: listPulls },
  { method: 'POST', pattern: /^\/pulls$/, handle: createPull },
  { method: 'PATCH', pattern: /^\/pulls\/(\d+)$/, handle: updatePull },
] as const;
