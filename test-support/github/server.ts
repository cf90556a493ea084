/**
 * A GitHub REST emulator on loopback (127.0.0.1, a free port), in-process, for the handful of
 * calls the action makes. Point the client's `apiUrl` (or `GITHUB_API_URL`) at `url`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notFound, ROUTES, type Reply } from './routes.js';
import { ACTIONS_BOT, CERTS_APP_BOT, IdSequence, RELEASE_MANAGER, RepoState, type Account } from './state.js';

/** What a token may do. */
export interface TokenGrant {
  user: Account;
  canWrite: boolean;
  /** The job token gets a 403 on `GET /user`; a personal token does not. */
  canReadUser: boolean;
  /**
   * GraphQL `query { viewer { login } }` answers the token's login (default), as it does for the
   * job token and an App's installation token; false makes it fail (an old GHES, say).
   */
  canQueryViewer?: boolean;
}

/** The workflow's `GITHUB_TOKEN` with `pull-requests: write` and `issues: write`. */
export const JOB_TOKEN = 'ghs_emulatorJobToken000000000000000000000';
/** The token of a pull request from a fork: read-only whatever the workflow asks. */
export const READ_ONLY_TOKEN = 'ghs_emulatorForkToken00000000000000000000';
/** A person's token (`github-token: \${{ secrets.PAT }}`): `GET /user` names them. */
export const PERSONAL_TOKEN = 'ghp_emulatorPersonalToken000000000000000';
/** An installation token of a GitHub App (`actions/create-github-app-token`), which writes as its bot. */
export const APP_TOKEN = 'ghs_emulatorAppToken0000000000000000000000';

export type AuthorizationKind = 'token' | 'bearer' | 'basic' | 'none' | 'other';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The scheme of the `authorization` header only; the credential is never recorded. */
  authorization: AuthorizationKind;
  /** The raw request body ('' when none): tests search it for key material. */
  body: string;
  status: number;
}

export interface GitHubEmulator {
  url: string;
  /** Every request, in order of arrival. */
  readonly requests: RecordedRequest[];
  addRepo(fullName: string, options?: { defaultBranch?: string }): RepoState;
  repo(fullName: string): RepoState;
  addToken(token: string, grant: TokenGrant): void;
  /** The next `count` requests, whatever they are, answer `status` (default 502). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const FORBIDDEN = 'Resource not accessible by integration';

function authorizationOf(header: string | undefined): { kind: AuthorizationKind; credential?: string } {
  if (header === undefined) return { kind: 'none' };
  const [scheme = '', credential] = header.split(' ', 2);
  const kind = scheme.toLowerCase();
  if (kind === 'token' || kind === 'bearer' || kind === 'basic') return { kind, credential };
  return { kind: 'other' };
}

/** Only the one query the action makes: `query { viewer { login } }`. */
function viewer(grant: TokenGrant, rawBody: string): Reply {
  let query = '';
  try {
    query = String((JSON.parse(rawBody) as { query?: unknown }).query ?? '');
  } catch {
    return { status: 400, body: { message: 'Problems parsing JSON' } };
  }
  if (!/^\s*query\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
    return { status: 200, body: { errors: [{ message: 'the emulator answers only viewer { login }' }] } };
  }
  if (grant.canQueryViewer === false) return { status: 403, body: { message: FORBIDDEN } };
  return { status: 200, body: { data: { viewer: { login: grant.user.login } } } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: Reply): void {
  response.statusCode = reply.status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  if (reply.link !== undefined) response.setHeader('link', reply.link);
  response.end(JSON.stringify(reply.body));
}

export async function startGitHubEmulator(): Promise<GitHubEmulator> {
  const ids = new IdSequence();
  const repos = new Map<string, RepoState>();
  const tokens = new Map<string, TokenGrant>([
    [JOB_TOKEN, { user: ACTIONS_BOT, canWrite: true, canReadUser: false }],
    [READ_ONLY_TOKEN, { user: ACTIONS_BOT, canWrite: false, canReadUser: false }],
    [PERSONAL_TOKEN, { user: RELEASE_MANAGER, canWrite: true, canReadUser: true }],
    [APP_TOKEN, { user: CERTS_APP_BOT, canWrite: true, canReadUser: false }],
  ]);
  const requests: RecordedRequest[] = [];
  let failures = { count: 0, status: 502 };
  let api = '';

  function answer(method: string, url: URL, authorization: string | undefined, rawBody: string): Reply {
    if (failures.count > 0) {
      failures.count -= 1;
      return { status: failures.status, body: { message: 'Server Error (injected)' } };
    }
    const { credential } = authorizationOf(authorization);
    const grant = credential === undefined ? undefined : tokens.get(credential);
    if (!grant) return { status: 401, body: { message: 'Bad credentials' } };
    if (method === 'GET' && url.pathname === '/user') {
      return grant.canReadUser
        ? { status: 200, body: { login: grant.user.login, type: grant.user.type } }
        : { status: 403, body: { message: FORBIDDEN } };
    }
    if (method === 'POST' && url.pathname === '/graphql') return viewer(grant, rawBody);
    const [, owner, name, rest = ''] = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname) ?? [];
    const repo = repos.get(`${owner}/${name}`);
    if (!repo) return notFound();
    if (method !== 'GET' && !grant.canWrite) return { status: 403, body: { message: FORBIDDEN } };
    let body: Record<string, unknown> = {};
    try {
      body = rawBody === '' ? {} : (JSON.parse(rawBody) as Record<string, unknown>);
    } catch {
      return { status: 400, body: { message: 'Problems parsing JSON' } };
    }
    for (const route of ROUTES) {
      const match = route.method === method ? route.pattern.exec(rest) : null;
      if (match) {
        const params = match.slice(1).map((param) => decodeURIComponent(param));
        return route.handle({ api, url, params, repo, body, caller: grant.user });
      }
    }
    return notFound();
  }

  const server = createServer((request, response) => {
    readBody(request).then(
      (rawBody) => {
        const method = request.method ?? 'GET';
        const url = new URL(request.url ?? '/', api);
        const reply = answer(method, url, request.headers.authorization, rawBody);
        requests.push({
          method,
          path: url.pathname + url.search,
          authorization: authorizationOf(request.headers.authorization).kind,
          body: rawBody,
          status: reply.status,
        });
        send(response, reply);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: api,
    requests,
    addRepo(fullName, options = {}) {
      const [owner = '', name = ''] = fullName.split('/');
      const repo = new RepoState(owner, name, options.defaultBranch ?? 'main', ids);
      repos.set(fullName, repo);
      return repo;
    },
    repo(fullName) {
      const repo = repos.get(fullName);
      if (!repo) throw new Error(`the GitHub emulator has no repository ${fullName}`);
      return repo;
    },
    addToken(token, grant) {
      tokens.set(token, grant);
    },
    failNext(count, status = 502) {
      failures = { count, status };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
