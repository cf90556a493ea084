/** script/release against throwaway repositories: which tags it makes, moves, pushes, and when it refuses. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, makeRepo, writeFiles } from '../../test-support/repo.js';
import { REPO_ROOT } from '../../test-support/runner.js';

const SCRIPT = path.join(REPO_ROOT, 'script', 'release');
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function release(root: string, ...args: string[]) {
  const result = spawnSync('bash', [SCRIPT, ...args], { cwd: root, env: GIT_ENV, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const git = (root: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' }).trim();

/** The commit a tag points at. */
const tagged = (root: string, tag: string) => git(root, 'rev-parse', `${tag}^{commit}`);

function releaseFiles(version: string, changelog = `## [${version}] - 2026-12-02\n`) {
  return {
    'package.json': JSON.stringify({ name: 'x', version }),
    'CHANGELOG.md': `# Changelog\n\n## [Unreleased]\n\n${changelog}`,
    'dist/index.js': `// ${version}\n`,
  };
}

async function repoAt(version: string): Promise<{ root: string; head: string }> {
  const root = await makeRepo(releaseFiles(version));
  return { root, head: commitAll(root, version) };
}

describe('script/release', () => {
  it('tags vX.Y.Z on HEAD and moves the major tag along with each release', async () => {
    const { root, head: first } = await repoAt('1.0.0');
    const one = release(root, 'v1.0.0');
    expect(one.status, one.output).toBe(0);
    expect(tagged(root, 'v1.0.0')).toBe(first);
    expect(tagged(root, 'v1')).toBe(first);
    expect(git(root, 'cat-file', '-t', 'v1.0.0')).toBe('tag');

    await writeFiles(root, releaseFiles('1.1.0', '## [1.1.0] - 2026-12-09\n\n## [1.0.0] - 2026-12-02\n'));
    const second = commitAll(root, '1.1.0');
    expect(release(root, 'v1.1.0').status).toBe(0);
    expect(tagged(root, 'v1.1.0')).toBe(second);
    expect(tagged(root, 'v1')).toBe(second);
    expect(tagged(root, 'v1.0.0')).toBe(first);

    await writeFiles(root, releaseFiles('2.0.0'));
    const third = commitAll(root, '2.0.0');
    expect(release(root, 'v2.0.0').status).toBe(0);
    expect(tagged(root, 'v2')).toBe(third);
    expect(tagged(root, 'v1')).toBe(second);
  });

  it('with --push, pushes the new tag and force-moves the major tag on the remote', async () => {
    const remote = await mkdtemp(path.join(tmpdir(), 'aop-remote-'));
    git(remote, 'init', '-q', '--bare');
    const { root, head: first } = await repoAt('1.0.0');
    git(root, 'remote', 'add', 'origin', remote);
    expect(release(root, 'v1.0.0', '--push').status).toBe(0);
    await writeFiles(root, releaseFiles('1.0.1', '## [1.0.1]\n\n## [1.0.0]\n'));
    const second = commitAll(root, '1.0.1');
    const pushed = release(root, 'v1.0.1', '--push');
    expect(pushed.status, pushed.output).toBe(0);
    expect(tagged(remote, 'v1.0.0')).toBe(first);
    expect(tagged(remote, 'v1.0.1')).toBe(second);
    expect(tagged(remote, 'v1')).toBe(second);
  });

  it.each([
    ['a version that is not vX.Y.Z', '1.0', ['1.0.0'], /is not vX\.Y\.Z/],
    ['package.json at another version', 'v1.0.1', ['1.0.0'], /package\.json says 1\.0\.0/],
    ['no CHANGELOG section for it', 'v1.0.0', ['1.0.0', '## [0.9.0]\n'], /no '## \[1\.0\.0\]' section/],
  ])('refuses %s and makes no tag', async (_what, version, files, message) => {
    const root = await makeRepo(releaseFiles(files[0]!, files[1]));
    commitAll(root, 'release');
    const result = release(root, version);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(message);
    expect(git(root, 'tag', '--list')).toBe('');
  });

  it('refuses a dirty work tree, an existing tag and an older version', async () => {
    const { root } = await repoAt('1.2.0');
    await writeFiles(root, { 'stray.txt': 'x' });
    expect(release(root, 'v1.2.0').output).toMatch(/uncommitted changes/);
    commitAll(root, 'stray');
    expect(release(root, 'v1.2.0').status).toBe(0);
    expect(release(root, 'v1.2.0').output).toMatch(/v1\.2\.0 exists already/);
    git(root, 'tag', '-d', 'v1.2.0');
    git(root, 'tag', 'v1.10.0');
    const older = release(root, 'v1.2.0');
    expect(older.status).not.toBe(0);
    expect(older.output).toMatch(/not newer than the latest release v1\.10\.0/);
  });

  it('refuses when dist/index.js is not committed', async () => {
    const { 'dist/index.js': _bundle, ...rest } = releaseFiles('1.0.0');
    const root = await makeRepo({ ...rest, 'dist/.keep': '' });
    commitAll(root, 'no bundle');
    expect(release(root, 'v1.0.0').output).toMatch(/dist\/index\.js is not committed/);
  });
});
