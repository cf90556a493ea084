/** Proposals through the git data API, against the GitHub emulator: one branch, one pull request. */
import { describe, expect, it } from 'vitest';
import { createProposals } from '../../src/github/git-data.js';
import { GitHubPermissionError } from '../../src/github/index.js';
import { filesOfCommit, pullBody } from '../../test-support/github/git-data.js';
import { JOB_TOKEN, READ_ONLY_TOKEN } from '../../test-support/github/index.js';
import { useGitHubEmulator } from './harness.js';

const harness = useGitHubEmulator();

const proposals = (token = JOB_TOKEN) =>
  createProposals({
    token,
    apiUrl: harness.emulator.url,
    owner: 'octo',
    repo: 'app',
    retry: { retries: 0 },
    redact: (text) => text.replace('hunter2', '***'),
  });

const spec = (body: string, files: Record<string, string>) => ({
  branch: 'aop-certs/renew',
  title: 'aop-certs: renew example.com/app',
  body,
  commitMessage: 'renew',
  files,
});

describe('proposals', () => {
  it('commits on the default branch, opens one pull request, then force-moves the branch and edits it in place', async () => {
    harness.repo.setBranch('main', 'a'.repeat(40));
    const first = await proposals().propose(spec('first, hunter2', { 'pki/app.crt': 'one\n' }));
    expect(first).toMatchObject({ action: 'created', base: 'main' });
    expect(harness.repo.pullRequests).toHaveLength(1);
    expect(harness.repo.branches.get('aop-certs/renew')).toBe(first.commitSha);
    expect(filesOfCommit(harness.repo, first.commitSha)).toEqual({ 'pki/app.crt': 'one\n' });
    expect(pullBody(harness.repo, first.number)).toBe('first, ***');

    harness.repo.setBranch('main', 'b'.repeat(40));
    const second = await proposals().propose(
      spec('second', { 'pki/app.crt': 'two\n', 'pki/app.key.enc': 'k\n' }),
    );
    expect(second).toMatchObject({ action: 'updated', number: first.number });
    expect(harness.repo.pullRequests).toHaveLength(1);
    expect(harness.repo.branches.get('aop-certs/renew')).toBe(second.commitSha);
    expect(filesOfCommit(harness.repo, second.commitSha)).toEqual({
      'pki/app.crt': 'two\n',
      'pki/app.key.enc': 'k\n',
    });
    expect(pullBody(harness.repo, first.number)).toBe('second');
    const moves = harness.emulator.requests.filter(
      (request) => request.method === 'PATCH' && request.path.includes('/git/refs/'),
    );
    expect(moves.map((request) => JSON.parse(request.body) as { force: boolean })).toEqual([
      { sha: second.commitSha, force: true },
    ]);
    expect(await proposals().openFrom('aop-certs/renew')).toMatchObject({
      number: first.number,
      body: 'second',
    });
  });

  it('names the missing permission when the token may not write', async () => {
    harness.repo.setBranch('main', 'a'.repeat(40));
    const failure = await proposals(READ_ONLY_TOKEN)
      .propose(spec('body', { 'a.txt': 'a\n' }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitHubPermissionError);
    expect((failure as GitHubPermissionError).needs).toBe('contents: write');
    expect((failure as Error).message).toContain('permissions: { contents: write }');
    expect(harness.repo.pullRequests).toHaveLength(0);
  });
});
