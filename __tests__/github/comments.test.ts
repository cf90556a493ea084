import { describe, expect, it } from 'vitest';
import { GitHubPermissionError } from '../../src/github/index.js';
import {
  APP_TOKEN,
  CERTS_APP_BOT,
  PERSONAL_TOKEN,
  READ_ONLY_TOKEN,
  RELEASE_MANAGER,
  STRANGER,
} from '../../test-support/github/index.js';
import { useGitHubEmulator, writes } from './harness.js';

const REPORT = '<!-- aop-certs:report path=aop-certs.yml -->';
const DEPLOY = '<!-- aop-certs:deploy path=aop-certs.yml -->';
const human = { login: 'alice', type: 'User' } as const;

describe('upsertStickyComment', () => {
  const h = useGitHubEmulator();

  function pullWithChatter(count: number): number {
    const pull = h.repo.addPullRequest({
      head: { ref: 'renew', sha: 'a'.repeat(40) },
      base: { ref: 'main' },
    });
    for (let i = 0; i < count; i++) h.repo.addComment(pull.number, `looks good ${i}`, human);
    return pull.number;
  }

  it('creates the comment, then updates it in place when it sits on page 2 of 100+ comments', async () => {
    const number = pullWithChatter(120);
    const github = h.client();

    const created = await github.upsertStickyComment(number, REPORT, 'first report');
    expect(created.action).toBe('created');
    for (let i = 0; i < 15; i++) h.repo.addComment(number, `more chatter ${i}`, human);
    expect(h.repo.commentsOn(number).findIndex((c) => c.id === created.id)).toBeGreaterThanOrEqual(100);

    const updated = await github.upsertStickyComment(number, REPORT, 'second report');
    expect(updated).toMatchObject({ action: 'updated', id: created.id });
    const ours = h.repo.commentsOn(number).filter((c) => c.body.includes(REPORT));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`second report\n\n${REPORT}`);
    expect(h.emulator.requests.some((r) => r.path.includes('page=2'))).toBe(true);
  });

  it('leaves an identical comment alone', async () => {
    const number = pullWithChatter(0);
    const github = h.client();
    await github.upsertStickyComment(number, REPORT, 'same');
    const again = await github.upsertStickyComment(number, REPORT, 'same');
    expect(again.action).toBe('unchanged');
    expect(writes(h.emulator)).toHaveLength(1);
  });

  it('keeps one comment per marker', async () => {
    const number = pullWithChatter(3);
    const github = h.client();
    await github.upsertStickyComment(number, REPORT, 'report');
    await github.upsertStickyComment(number, DEPLOY, 'deployed');
    await github.upsertStickyComment(number, REPORT, 'report 2');
    await github.upsertStickyComment(number, DEPLOY, 'deployed 2');
    const bodies = h.repo.commentsOn(number).map((c) => c.body);
    expect(bodies.filter((b) => b.includes(REPORT))).toEqual([`report 2\n\n${REPORT}`]);
    expect(bodies.filter((b) => b.includes(DEPLOY))).toEqual([`deployed 2\n\n${DEPLOY}`]);
  });

  it("prefers the bot's comment and ignores one that only quotes the marker", async () => {
    const number = pullWithChatter(0);
    h.repo.addComment(number, `> old report\n> ${REPORT}\nwhy?`, human);
    h.repo.addComment(number, `copied by hand\n${REPORT}`, human);
    const bot = h.repo.addComment(number, `report\n\n${REPORT}`);
    const result = await h.client().upsertStickyComment(number, REPORT, 'new report');
    expect(result).toMatchObject({ action: 'updated', id: bot.id });
    expect(
      h.repo
        .commentsOn(number)
        .filter((c) => c.user.login === 'alice')
        .map((c) => c.body),
    ).toEqual([`> old report\n> ${REPORT}\nwhy?`, `copied by hand\n${REPORT}`]);
  });

  it("never rewrites a person's or a stranger's post that copies the marker: it writes its own", async () => {
    const number = pullWithChatter(0);
    const copied = h.repo.addComment(number, `hijack me\n${REPORT}`, STRANGER);
    const quoted = h.repo.addComment(number, `see below\n${REPORT}`, human);
    const result = await h.client().upsertStickyComment(number, REPORT, 'the report');
    expect(result.action).toBe('created');
    expect(result.id).not.toBe(copied.id);
    expect(copied.body).toBe(`hijack me\n${REPORT}`);
    expect(quoted.body).toBe(`see below\n${REPORT}`);
    expect(writes(h.emulator).map((r) => r.method)).toEqual(['POST']);
  });

  it("with a person's token, its own comment is the one by that person, not the job bot's", async () => {
    const number = pullWithChatter(0);
    const bots = h.repo.addComment(number, `bot report\n\n${REPORT}`);
    const mine = h.repo.addComment(number, `old\n\n${REPORT}`, RELEASE_MANAGER);
    const result = await h.client({ token: PERSONAL_TOKEN }).upsertStickyComment(number, REPORT, 'new');
    expect(result).toMatchObject({ action: 'updated', id: mine.id });
    expect(bots.body).toBe(`bot report\n\n${REPORT}`);
  });

  it("with an App's token, which may not read /user, its own comment is its bot's", async () => {
    const number = pullWithChatter(0);
    const jobBots = h.repo.addComment(number, `job report\n\n${REPORT}`);
    const appComment = h.repo.addComment(number, `old\n\n${REPORT}`, CERTS_APP_BOT);
    const github = h.client({ token: APP_TOKEN });
    const result = await github.upsertStickyComment(number, REPORT, 'new');
    expect(result).toMatchObject({ action: 'updated', id: appComment.id });
    expect(jobBots.body).toBe(`job report\n\n${REPORT}`);
    // Asked once per client, however many posts follow.
    await github.upsertStickyComment(number, DEPLOY, 'deployed');
    expect(h.emulator.requests.filter((r) => r.path === '/user' || r.path === '/graphql')).toHaveLength(2);
  });

  it('does not repeat a marker the body already carries', async () => {
    const number = pullWithChatter(0);
    await h.client().upsertStickyComment(number, REPORT, `${REPORT}\n## Report`);
    expect(h.repo.commentsOn(number)[0]?.body).toBe(`${REPORT}\n## Report`);
  });

  it('refuses a marker that is not one hidden HTML comment', async () => {
    const number = pullWithChatter(0);
    await expect(h.client().upsertStickyComment(number, 'aop-certs', 'x')).rejects.toThrow(
      /hidden HTML comment/,
    );
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('turns a read-only token into a typed permission error, and nothing is written', async () => {
    const number = pullWithChatter(2);
    const error = await h
      .client({ token: READ_ONLY_TOKEN })
      .upsertStickyComment(number, REPORT, 'report')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(error).toMatchObject({ status: 403, needs: 'pull-requests: write' });
    expect((error as Error).message).toMatch(/comment on #1 failed \(HTTP 403\): Resource not accessible/);
    expect((error as Error).message).toContain('permissions: { pull-requests: write }');
    expect((error as Error).message).not.toContain(READ_ONLY_TOKEN);
    expect(h.repo.commentsOn(number)).toHaveLength(2);
    expect(writes(h.emulator).map((r) => r.status)).toEqual([403]);
  });

  it('fails with a typed 404 on a PR that does not exist', async () => {
    await expect(h.client().upsertStickyComment(99, REPORT, 'x')).rejects.toMatchObject({
      name: 'GitHubRequestError',
      operation: 'list comments of #99',
      status: 404,
    });
  });
});
