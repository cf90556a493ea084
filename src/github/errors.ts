/**
 * Typed errors for GitHub calls. Messages name the operation, GitHub's status and how to fix
 * it; they never carry the token or the request (Octokit's error holds both).
 */

/** The `permissions:` entry a workflow needs for an operation, e.g. `pull-requests: write`. */
export type PermissionEntry = `${'contents' | 'issues' | 'pull-requests'}: ${'read' | 'write'}`;

export class GitHubRequestError extends Error {
  override name = 'GitHubRequestError';
  constructor(
    /** What we were doing, e.g. `update comment 42 on #7`. */
    readonly operation: string,
    /** HTTP status; 0 when no answer came (network failure). */
    readonly status: number,
    detail: string,
  ) {
    super(`GitHub: ${operation} failed (${status === 0 ? 'no answer' : `HTTP ${status}`}): ${detail}`);
  }
}

/**
 * The token may not do this: a 401/403 (or, on a write, a 404, which GitHub also answers when
 * the token cannot see the repository). Callers turn it into a notice on forks' PRs.
 */
export class GitHubPermissionError extends GitHubRequestError {
  override name = 'GitHubPermissionError';
  readonly hint: string;
  constructor(
    operation: string,
    status: number,
    detail: string,
    readonly needs: PermissionEntry,
  ) {
    super(operation, status, detail);
    this.hint =
      status === 401
        ? 'the token is missing, expired or revoked: check the `github-token` input'
        : `give the job \`permissions: { ${needs} }\`; on a pull request from a fork the token is ` +
          'read-only whatever the workflow asks';
    this.message += `. Fix: ${this.hint}`;
  }
}

interface HttpFailure {
  status: number;
  message: string;
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return error instanceof Error && typeof (error as Partial<HttpFailure>).status === 'number';
}

/** Octokit's messages end with the documentation URL; GitHub's own words come first. */
function githubMessage(error: HttpFailure): string {
  return error.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

/** Converts whatever Octokit threw into one of the errors above. */
export function toGitHubError(error: unknown, operation: string, needs: PermissionEntry): GitHubRequestError {
  if (!isHttpFailure(error)) {
    return new GitHubRequestError(operation, 0, error instanceof Error ? error.message : String(error));
  }
  const detail = githubMessage(error);
  const isWrite = needs.endsWith(': write');
  const denied =
    error.status === 401 ||
    (error.status === 403 && !/rate limit/i.test(detail)) ||
    (error.status === 404 && isWrite);
  return denied
    ? new GitHubPermissionError(operation, error.status, detail, needs)
    : new GitHubRequestError(operation, error.status, detail);
}

/** Runs one GitHub call, turning its failure into a typed error naming `operation`. */
export async function githubCall<T>(
  operation: string,
  needs: PermissionEntry,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error, operation, needs);
  }
}

/** Like `githubCall`, for a read where "not found" is an answer: undefined on a 404. */
export async function githubLookup<T>(
  operation: string,
  needs: PermissionEntry,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isHttpFailure(error) && error.status === 404) return undefined;
    throw toGitHubError(error, operation, needs);
  }
}
