/** The sticky PR report end to end: the bundled action against the GitHub emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOB_TOKEN,
  PERSONAL_TOKEN,
  READ_ONLY_TOKEN,
  RELEASE_MANAGER,
  STRANGER,
  startGitHubEmulator,
  type GitHubEmulator,
  type RepoState,
} from '../test-support/github/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { runAction } from '../test-support/runner.js';

const REPOSITORY = 'acme/edge';
let github: GitHubEmulator;
let repoState: RepoState;
let ca: Issued;
let app: Issued;
let nextPr = 100;

function manifest(name: string, certFile: string, hostname = `${name}.example.com`): string {
  return `version: 1\nzones:\n  - zone: example.com\n    origin-ca: pki/rootca.crt\n    certificates:\n      - name: ${name}\n        certificate: ${certFile}\n        private-key:\n          env: AOP_KEY_APP\n        hostnames: [${hostname}]\n`;
}

function openPullRequest(): number {
  const number = nextPr++;
  repoState.addPullRequest({
    number,
    head: { ref: `feature-${number}`, sha: 'b'.repeat(40) },
    base: { ref: 'main' },
  });
  return number;
}

function runCheck(
  workspace: string,
  pr: number,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  return runAction({
    workspace,
    eventName: 'pull_request',
    payload: {
      number: pr,
      pull_request: { number: pr, head: { sha: 'b'.repeat(40) }, base: { ref: 'main' } },
    },
    githubApiUrl: github.url,
    repository: REPOSITORY,
    inputs: { 'github-token': JOB_TOKEN, ...inputs },
    env,
  });
}

const markerComments = (pr: number) =>
  repoState.commentsOn(pr).filter((comment) => comment.body.includes('<!-- aop-certs:check'));

beforeAll(async () => {
  github = await startGitHubEmulator();
  repoState = github.addRepo(REPOSITORY);
  ca = await makeCA();
  app = await makeLeaf(ca, { dns: ['app.example.com'] });
});
afterAll(() => github.close());

async function cleanRepo(): Promise<string> {
  return makeRepo({
    'aop-certs.yml': manifest('app', 'pki/app.crt'),
    'pki/rootca.crt': ca.certPem,
    'pki/app.crt': app.certPem,
  });
}

describe('sticky PR comment', () => {
  it('creates one comment with the verdict, the table, the findings and the gantt, then updates it in place', async () => {
    const pr = openPullRequest();
    const repo = await cleanRepo();
    const first = await runCheck(repo, pr);
    expect(first.exitCode).toBe(0);
    expect(markerComments(pr)).toHaveLength(1);
    const body = markerComments(pr)[0]!.body;
    expect(body).toMatch(/^### aop-certs check: ✅ passed/);
    expect(body).toContain('| ✅ | app | `app.example.com` | `CN=app.example.com` |');
    expect(body).toContain('```mermaid\ngantt');
    expect(body).toContain('<!-- aop-certs:check path=aop-certs.yml -->');
    const id = markerComments(pr)[0]!.id;
    expect(first.outputs['comment-url']).toMatch(new RegExp(`/${REPOSITORY}/pull/${pr}#issuecomment-${id}$`));
    expect(first.outputs).toMatchObject({ errors: '0', warnings: '0', 'issue-number': '', 'issue-url': '' });
    const second = await runCheck(repo, pr);
    expect(second.exitCode).toBe(0);
    expect(markerComments(pr).map((comment) => comment.id)).toEqual([id]);
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
  });

  it('finds its comment on page 2 of a PR with more than 100 comments and updates it', async () => {
    const pr = openPullRequest();
    for (let index = 0; index < 105; index++)
      repoState.addComment(pr, `chatter ${index}`, { login: 'octocat', type: 'User' });
    const stale = repoState.addComment(pr, 'old report\n<!-- aop-certs:check path=aop-certs.yml -->');
    for (let index = 0; index < 20; index++)
      repoState.addComment(pr, `more chatter ${index}`, { login: 'octocat', type: 'User' });
    const result = await runCheck(await cleanRepo(), pr);
    expect(result.exitCode).toBe(0);
    expect(markerComments(pr).map((comment) => comment.id)).toEqual([stale.id]);
    expect(markerComments(pr)[0]!.body).toMatch(/^### aop-certs check/);
    expect(
      github.requests.some(
        (request) => request.path.includes(`/issues/${pr}/comments`) && request.path.includes('page=2'),
      ),
    ).toBe(true);
  });

  it("never rewrites a stranger's or a person's comment that copies the marker; it posts its own", async () => {
    const pr = openPullRequest();
    const marker = '<!-- aop-certs:check path=aop-certs.yml -->';
    const planted = repoState.addComment(pr, `[click me](https://evil.example)\n${marker}`, STRANGER);
    const quoted = repoState.addComment(pr, `what does this mean?\n${marker}`, {
      login: 'octocat',
      type: 'User',
    });
    const result = await runCheck(await cleanRepo(), pr);
    expect(result.exitCode).toBe(0);
    expect(planted.body).toBe(`[click me](https://evil.example)\n${marker}`);
    expect(quoted.body).toMatch(/^what does this mean\?/);
    const ours = markerComments(pr).filter((comment) => comment.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toMatch(/^### aop-certs check/);
  });

  it("with a person's token, updates that person's marked comment, not the job bot's", async () => {
    const pr = openPullRequest();
    const marker = '<!-- aop-certs:check path=aop-certs.yml -->';
    const bots = repoState.addComment(pr, `old bot report\n\n${marker}`);
    const mine = repoState.addComment(pr, `old report\n\n${marker}`, RELEASE_MANAGER);
    const result = await runCheck(await cleanRepo(), pr, { 'github-token': PERSONAL_TOKEN });
    expect(result.exitCode).toBe(0);
    expect(mine.body).toMatch(/^### aop-certs check/);
    expect(bots.body).toBe(`old bot report\n\n${marker}`);
    expect(markerComments(pr)).toHaveLength(2);
  });

  it('keeps one comment per manifest when a repository has two', async () => {
    const pr = openPullRequest();
    const repo = await makeRepo({
      'aop-certs.yml': manifest('app', 'pki/app.crt'),
      'teams/b/aop-certs.yml': manifest('app', '../../pki/app.crt'),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
      'teams/b/pki/rootca.crt': ca.certPem,
    });
    await runCheck(repo, pr);
    await runCheck(repo, pr, { config: 'teams/b/aop-certs.yml' });
    await runCheck(repo, pr);
    const markers = markerComments(pr).map(
      (comment) => comment.body.match(/<!-- aop-certs:check path=(\S+) -->/)![1],
    );
    expect(markers.sort()).toEqual(['aop-certs.yml', 'teams/b/aop-certs.yml']);
  });

  it('a read-only (fork) token leaves no comment, says so in the summary, and keeps the verdict', async () => {
    const pr = openPullRequest();
    const result = await runCheck(await cleanRepo(), pr, { 'github-token': READ_ONLY_TOKEN });
    expect(result.exitCode).toBe(0);
    expect(repoState.commentsOn(pr)).toEqual([]);
    expect(result.summary).toMatch(/could not be posted on PR #\u2060?\d+ .*job summary carries it/);
    expect(result.summary).toContain('aop-certs check: ✅ passed');
  });

  it('writes no comment with comment: false', async () => {
    const pr = openPullRequest();
    const before = github.requests.length;
    await runCheck(await cleanRepo(), pr, { comment: 'false' });
    expect(repoState.commentsOn(pr)).toEqual([]);
    expect(github.requests.slice(before).filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('links each finding to its file and line at the PR head, and sends no key material to GitHub', async () => {
    const pr = openPullRequest();
    const other = await makeLeaf(await makeCA(), { dns: ['app.example.com'] });
    const repo = await makeRepo({
      'aop-certs.yml': manifest('app', 'pki/app.crt'),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': other.certPem,
    });
    const before = github.requests.length;
    const result = await runCheck(repo, pr, {}, { AOP_KEY_APP: app.keyPem });
    expect(result.exitCode).toBe(1);
    const body = markerComments(pr)[0]!.body;
    expect(body).toMatch(
      /\[`pki\/app\.crt:1`\]\(https:\/\/github\.com\/acme\/edge\/blob\/b{40}\/pki\/app\.crt#L1\)/,
    );
    const keyLines = app.keyPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
    for (const request of github.requests.slice(before)) {
      for (const line of keyLines) expect(request.body).not.toContain(line);
    }
  });
});
