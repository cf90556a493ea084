import { describe, expect, it } from 'vitest';
import { GitHubPermissionError, GitHubRequestError, toGitHubError } from '../../src/github/errors.js';

const httpError = (status: number, message: string) => Object.assign(new Error(message), { status });

describe('toGitHubError', () => {
  it('makes a 403 or 401 a permission error with a hint naming the permissions entry', () => {
    const error = toGitHubError(
      httpError(403, 'Resource not accessible by integration - https://docs.github.com/rest/issues/comments'),
      'comment on #7',
      'pull-requests: write',
    );
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(error.message).toBe(
      'GitHub: comment on #7 failed (HTTP 403): Resource not accessible by integration. Fix: give the job ' +
        '`permissions: { pull-requests: write }`; on a pull request from a fork the token is read-only whatever the workflow asks',
    );
  });

  it('makes a 404 a permission error on a write only', () => {
    expect(toGitHubError(httpError(404, 'Not Found'), 'close issue #3', 'issues: write')).toBeInstanceOf(
      GitHubPermissionError,
    );
    const read = toGitHubError(httpError(404, 'Not Found'), 'list comments of #3', 'pull-requests: read');
    expect(read).not.toBeInstanceOf(GitHubPermissionError);
    expect(read).toMatchObject({ name: 'GitHubRequestError', status: 404 });
  });

  it('does not take a rate limit for a missing permission', () => {
    const error = toGitHubError(
      httpError(403, 'API rate limit exceeded for installation'),
      'x',
      'issues: write',
    );
    expect(error).not.toBeInstanceOf(GitHubPermissionError);
    expect(error.status).toBe(403);
  });

  it('reports a failure without an answer as status 0', () => {
    const error = toGitHubError(new TypeError('fetch failed'), 'read branch main', 'contents: read');
    expect(error).toBeInstanceOf(GitHubRequestError);
    expect(error.message).toBe('GitHub: read branch main failed (no answer): fetch failed');
  });

  it('tells a refused token (401) apart from a missing permission', () => {
    const error = toGitHubError(httpError(401, 'Bad credentials'), 'read branch main', 'contents: read');
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(error.message).toContain('check the `github-token` input');
  });
});
