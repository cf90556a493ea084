import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distEntry, REPO_ROOT } from '../test-support/runner.js';

describe('the e2e runner', () => {
  const saved = process.env.AOP_DIST_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.AOP_DIST_DIR;
    else process.env.AOP_DIST_DIR = saved;
  });

  it('runs dist/index.js, or the bundle in AOP_DIST_DIR (relative to the repository, or absolute)', () => {
    delete process.env.AOP_DIST_DIR;
    expect(distEntry()).toBe(path.join(REPO_ROOT, 'dist', 'index.js'));
    process.env.AOP_DIST_DIR = '.tmp/dist-built';
    expect(distEntry()).toBe(path.join(REPO_ROOT, '.tmp', 'dist-built', 'index.js'));
    process.env.AOP_DIST_DIR = '/opt/built';
    expect(distEntry()).toBe('/opt/built/index.js');
  });
});
