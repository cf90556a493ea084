import { describe, expect, it } from 'vitest';
import { postStickyComment } from '../../src/github/pr-comment.js';
import { READ_ONLY_TOKEN } from '../../test-support/github/index.js';
import { useGitHubEmulator } from './harness.js';

const MARKER = '<!-- aop-certs:check path=aop-certs.yml -->';

describe('postStickyComment reports through the run report, never straight to the runner', () => {
  const h = useGitHubEmulator();
  const pull = () =>
    h.repo.addPullRequest({ head: { ref: 'renew', sha: 'a'.repeat(40) }, base: { ref: 'main' } }).number;

  it('posts the comment and adds nothing', async () => {
    const number = pull();
    expect(await postStickyComment(h.client(), number, MARKER, 'report')).toEqual({
      notes: [],
      findings: [],
      url: expect.stringMatching(new RegExp(`/${number}#issuecomment-\\d+$`)),
    });
    expect(h.repo.commentsOn(number)).toHaveLength(1);
  });

  it('says in a note that there is no token, or that the token may not write', async () => {
    const number = pull();
    expect(await postStickyComment(undefined, number, MARKER, 'report')).toEqual({
      notes: ['No GitHub token: the report is in the job summary only.'],
      findings: [],
    });
    const readOnly = await postStickyComment(h.client({ token: READ_ONLY_TOKEN }), number, MARKER, 'report');
    expect(readOnly.findings).toEqual([]);
    expect(readOnly.notes).toEqual([
      expect.stringMatching(/could not be posted on PR #\d+ .*job summary carries it/),
    ]);
  });

  it('makes a failing GitHub a github.unavailable warning, with what to do', async () => {
    const number = pull();
    h.emulator.failNext(20, 500);
    const failed = await postStickyComment(h.client(), number, MARKER, 'report');
    expect(failed.notes).toEqual([]);
    expect(failed.findings).toMatchObject([
      {
        severity: 'warning',
        rule: 'github.unavailable',
        message: expect.stringMatching(/could not be posted/),
      },
    ]);
    expect(failed.findings[0]!.fix).toBeTruthy();
  });
});
