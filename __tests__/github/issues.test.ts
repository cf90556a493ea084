import { describe, expect, it } from 'vitest';
import { GitHubPermissionError, type TrackingIssueSpec } from '../../src/github/index.js';
import { READ_ONLY_TOKEN, STRANGER } from '../../test-support/github/index.js';
import { useGitHubEmulator, writes } from './harness.js';

const MARKER = '<!-- aop-certs:scan path=aop-certs.yml -->';
const spec = (body: string, title = 'aop-certs: 1 certificate needs action'): TrackingIssueSpec => ({
  marker: MARKER,
  title,
  body,
  labels: ['aop-certs', 'security'],
  assignees: ['alice'],
});

describe('tracking issue', () => {
  const h = useGitHubEmulator();

  it('is created, then updated in place, then closed with a comment', async () => {
    const github = h.client();
    const created = await github.upsertTrackingIssue(spec('app expires in 9 days'));
    expect(created.action).toBe('created');
    const issue = h.repo.issue(created.number);
    expect(issue).toMatchObject({
      state: 'open',
      labels: ['aop-certs', 'security'],
      assignees: ['alice'],
      body: `app expires in 9 days\n\n${MARKER}`,
    });

    const updated = await github.upsertTrackingIssue(
      spec('app expires in 8 days', 'aop-certs: 2 need action'),
    );
    expect(updated).toMatchObject({ action: 'updated', number: created.number });
    expect(h.repo.issues).toHaveLength(1);
    expect(issue).toMatchObject({
      title: 'aop-certs: 2 need action',
      body: `app expires in 8 days\n\n${MARKER}`,
    });

    const again = await github.upsertTrackingIssue(spec('app expires in 8 days', 'aop-certs: 2 need action'));
    expect(again.action).toBe('unchanged');

    const closed = await github.closeTrackingIssue(MARKER, 'All certificates are fine now.');
    expect(closed?.number).toBe(created.number);
    expect(issue).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(h.repo.commentsOn(created.number).map((c) => c.body)).toEqual(['All certificates are fine now.']);

    await expect(github.findTrackingIssue(MARKER)).resolves.toBeUndefined();
    await expect(github.closeTrackingIssue(MARKER, 'again')).resolves.toBeUndefined();
    const next = await github.upsertTrackingIssue(spec('new trouble'));
    expect(next).toMatchObject({ action: 'created' });
    expect(next.number).not.toBe(created.number);
  });

  it('finds its issue past the first page, among pull requests and unlabelled issues', async () => {
    const ours = h.repo.addIssue({ title: 'tracking', body: `old\n\n${MARKER}`, labels: [] });
    for (let i = 0; i < 150; i++)
      h.repo.addIssue({ title: `other ${i}`, user: { login: 'bob', type: 'User' } });
    h.repo.addPullRequest({ head: { ref: 'x', sha: 'e'.repeat(40) }, base: { ref: 'main' } });
    h.repo.addIssue({ title: 'closed twin', body: MARKER, state: 'closed' });
    const found = await h.client().findTrackingIssue(MARKER);
    expect(found?.number).toBe(ours.number);
    expect(h.emulator.requests.filter((r) => r.path.startsWith('/repos/octo/app/issues?'))).toHaveLength(2);
  });

  it("never updates or closes a stranger's issue that carries the marker", async () => {
    const planted = h.repo.addIssue({ title: 'click here', body: `planted\n\n${MARKER}`, user: STRANGER });
    const github = h.client();
    await expect(github.findTrackingIssue(MARKER)).resolves.toBeUndefined();
    const created = await github.upsertTrackingIssue(spec('app expires in 9 days'));
    expect(created.action).toBe('created');
    expect(created.number).not.toBe(planted.number);
    await github.closeTrackingIssue(MARKER, 'All clear.');
    expect(planted).toMatchObject({ state: 'open', title: 'click here', body: `planted\n\n${MARKER}` });
    expect(h.repo.commentsOn(planted.number)).toEqual([]);
    expect(h.repo.issue(created.number)?.state).toBe('closed');
  });

  it('a read-only token yields a permission error naming issues: write, and nothing lands', async () => {
    const error = await h
      .client({ token: READ_ONLY_TOKEN })
      .upsertTrackingIssue(spec('x'))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(error).toMatchObject({ needs: 'issues: write', operation: 'open the tracking issue' });
    expect(h.repo.issues).toHaveLength(0);
    expect(writes(h.emulator).map((r) => r.status)).toEqual([403]);
  });

  it('opens the issue unassigned when GitHub refuses an assignee, and says who', async () => {
    h.repo.assignable = new Set(['bob']);
    const result = await h.client().upsertTrackingIssue(spec('x'));
    expect(result).toMatchObject({ action: 'created', unassigned: ['alice'] });
    expect(h.repo.issues.map((issue) => issue.assignees)).toEqual([[]]);
    expect(h.log).toEqual([expect.stringContaining('refused to assign alice')]);
  });

  it('cuts a body over 65,536 characters and keeps the marker', async () => {
    const result = await h.client().upsertTrackingIssue(spec('x'.repeat(70_000)));
    const body = h.repo.issue(result.number)?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.endsWith(`truncated: GitHub keeps at most 65,536 characters)\n\n${MARKER}`)).toBe(true);
    await expect(h.client().upsertTrackingIssue(spec('x'.repeat(70_000)))).resolves.toMatchObject({
      action: 'unchanged',
    });
  });
});
