import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOB_TOKEN,
  READ_ONLY_TOKEN,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../test-support/github/index.js';

let emulator: GitHubEmulator;
beforeEach(async () => {
  emulator = await startGitHubEmulator();
});
afterEach(() => emulator.close());

function get(path: string, token = JOB_TOKEN) {
  return fetch(new URL(path, emulator.url), { headers: { authorization: `token ${token}` } });
}

function linkRels(link: string | null): Record<string, string> {
  return Object.fromEntries(
    [...(link ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)].map(([, url = '', rel = '']) => [rel, url]),
  );
}

describe('GitHub emulator', () => {
  it('pages with per_page (default 30, at most 100) and Link headers', async () => {
    const repo = emulator.addRepo('octo/app');
    const pull = repo.addPullRequest({ head: { ref: 'x', sha: 'a'.repeat(40) }, base: { ref: 'main' } });
    for (let i = 0; i < 250; i++) repo.addComment(pull.number, `c${i}`);
    const base = `/repos/octo/app/issues/${pull.number}/comments`;

    const first = await get(base);
    expect((await first.json()) as unknown[]).toHaveLength(30);
    const rels = linkRels(first.headers.get('link'));
    expect(Object.keys(rels).sort()).toEqual(['last', 'next']);
    expect(new URL(rels.next ?? '').searchParams.get('page')).toBe('2');
    expect(new URL(rels.last ?? '').searchParams.get('page')).toBe('9');

    const capped = await get(`${base}?per_page=500&page=3`);
    const bodies = ((await capped.json()) as { body: string }[]).map((c) => c.body);
    expect(bodies).toEqual(Array.from({ length: 50 }, (_, i) => `c${200 + i}`));
    expect(Object.keys(linkRels(capped.headers.get('link'))).sort()).toEqual(['first', 'prev']);

    const hundred = linkRels((await get(`${base}?per_page=100`)).headers.get('link'));
    expect(new URL(hundred.last ?? '').searchParams.get('page')).toBe('3');
  });

  it('sends no Link header when one page holds everything', async () => {
    const repo = emulator.addRepo('octo/app');
    const pull = repo.addPullRequest({ head: { ref: 'x', sha: 'a'.repeat(40) }, base: { ref: 'main' } });
    repo.addComment(pull.number, 'only');
    const response = await get(`/repos/octo/app/issues/${pull.number}/comments`);
    expect(response.headers.get('link')).toBeNull();
  });

  it('answers GET /user with 403 for the job token, and 401 for an unknown token', async () => {
    expect((await get('/user')).status).toBe(403);
    expect((await get('/user', 'ghs_nobody')).status).toBe(401);
    emulator.addToken('ghp_personal', {
      user: { login: 'alice', type: 'User' },
      canWrite: true,
      canReadUser: true,
    });
    expect(await (await get('/user', 'ghp_personal')).json()).toMatchObject({ login: 'alice' });
  });

  it('refuses every write from a read-only token, and 404s unknown repositories and resources', async () => {
    const repo = emulator.addRepo('octo/app');
    const issue = repo.addIssue({ title: 't' });
    const post = (path: string, token: string) =>
      fetch(new URL(path, emulator.url), {
        method: 'POST',
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'hi', title: 'x' }),
      });
    expect((await post(`/repos/octo/app/issues/${issue.number}/comments`, READ_ONLY_TOKEN)).status).toBe(403);
    expect((await post('/repos/octo/app/issues', READ_ONLY_TOKEN)).status).toBe(403);
    expect(repo.issues).toHaveLength(1);
    expect(repo.comments).toHaveLength(0);
    expect((await get('/repos/octo/other/issues')).status).toBe(404);
    expect((await get('/repos/octo/app/issues/77/comments')).status).toBe(404);
    expect((await get('/repos/octo/app/nothing-here')).status).toBe(404);
  });

  it('logs method, path, authorization kind and body, but never the token', async () => {
    const repo = emulator.addRepo('octo/app');
    const issue = repo.addIssue({ title: 't' });
    await fetch(new URL(`/repos/octo/app/issues/${issue.number}/comments`, emulator.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${JOB_TOKEN}` },
      body: JSON.stringify({ body: 'PRIVATE KEY?' }),
    });
    expect(emulator.requests).toEqual([
      {
        method: 'POST',
        path: `/repos/octo/app/issues/${issue.number}/comments`,
        authorization: 'bearer',
        body: '{"body":"PRIVATE KEY?"}',
        status: 201,
      },
    ]);
    expect(JSON.stringify(emulator.requests)).not.toContain(JOB_TOKEN);
  });
});
