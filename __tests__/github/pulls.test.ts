import { describe, expect, it } from 'vitest';
import { useGitHubEmulator } from './harness.js';

const MERGE = 'm'.repeat(40);
const HEAD = 'h'.repeat(40);

describe('pullRequestForCommit', () => {
  const h = useGitHubEmulator();

  it('survives GitHub lagging right after a merge', async () => {
    h.repo.addPullRequest({
      number: 7,
      head: { ref: 'renew', sha: HEAD },
      base: { ref: 'main' },
      mergeCommitSha: MERGE,
    });
    h.repo.commitPullsLag = 2;
    const pull = await h.client().pullRequestForCommit(MERGE);
    expect(pull).toMatchObject({
      number: 7,
      merged: true,
      mergeCommitSha: MERGE,
      headRef: 'renew',
      baseRef: 'main',
    });
    expect(
      h.emulator.requests.filter((r) => r.path.startsWith(`/repos/octo/app/commits/${MERGE}/pulls`)),
    ).toHaveLength(3);
    expect(h.log).toEqual([
      expect.stringContaining('asking again in 5 ms'),
      expect.stringContaining('asking again in 5 ms'),
    ]);
  });

  it('gives up after the configured waits', async () => {
    h.repo.addPullRequest({
      head: { ref: 'renew', sha: HEAD },
      base: { ref: 'main' },
      mergeCommitSha: MERGE,
    });
    h.repo.commitPullsLag = 10;
    await expect(
      h.client({ commitPullsDelaysMs: [1, 1] }).pullRequestForCommit(MERGE),
    ).resolves.toBeUndefined();
    expect(h.emulator.requests).toHaveLength(3);
  });

  it('prefers the PR that this commit merged over others containing it', async () => {
    h.repo.addPullRequest({
      number: 3,
      head: { ref: 'wip', sha: 'w'.repeat(40) },
      base: { ref: 'main' },
      commits: [MERGE],
    });
    h.repo.addPullRequest({
      number: 4,
      head: { ref: 'old', sha: 'o'.repeat(40) },
      base: { ref: 'main' },
      mergeCommitSha: 'x'.repeat(40),
      commits: [MERGE],
    });
    h.repo.addPullRequest({
      number: 5,
      head: { ref: 'renew', sha: HEAD },
      base: { ref: 'main' },
      mergeCommitSha: MERGE,
    });
    await expect(h.client().pullRequestForCommit(MERGE)).resolves.toMatchObject({ number: 5 });
    h.repo.pullRequests.pop();
    await expect(h.client().pullRequestForCommit(MERGE)).resolves.toMatchObject({ number: 4, merged: true });
  });

  it('retries a server error through the retry plugin', async () => {
    h.repo.addPullRequest({
      number: 9,
      head: { ref: 'renew', sha: HEAD },
      base: { ref: 'main' },
      mergeCommitSha: MERGE,
    });
    h.emulator.failNext(2, 502);
    await expect(h.client().pullRequestForCommit(MERGE)).resolves.toMatchObject({ number: 9 });
    expect(h.emulator.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('reports a server error that outlasts the retries as a typed error', async () => {
    h.emulator.failNext(10, 503);
    await expect(h.client().pullRequestForCommit(MERGE)).rejects.toMatchObject({
      name: 'GitHubRequestError',
      status: 503,
      operation: `list pull requests of commit ${MERGE}`,
    });
  });
});

describe('preferredPullRequest', () => {
  const pull = (number: number, merged: boolean, mergeCommitSha: string | null = null) => ({
    number,
    html_url: `https://github.com/acme/edge/pull/${number}`,
    state: merged ? 'closed' : 'open',
    merged_at: merged ? '2026-11-23T00:00:00Z' : null,
    merge_commit_sha: mergeCommitSha,
    head: { ref: `b${number}` },
    base: { ref: 'main' },
  });

  it('takes the PR the commit merged, else a merged one, and never a merely open one', async () => {
    const { preferredPullRequest } = await import('../../src/github/pulls.js');
    expect(preferredPullRequest([pull(1, false), pull(2, true), pull(3, true, 'abc')], 'abc')?.number).toBe(
      3,
    );
    expect(preferredPullRequest([pull(1, false), pull(2, true)], 'abc')?.number).toBe(2);
    expect(preferredPullRequest([pull(1, false)], 'abc')).toBeUndefined();
  });
});
