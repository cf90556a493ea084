import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readRepoFile, readRepoFileSync } from '../../src/files/repo-file.js';

let root: string;
let outside: string;

beforeAll(async () => {
  outside = await mkdtemp(path.join(tmpdir(), 'aop-outside-'));
  await writeFile(path.join(outside, 'secret.pem'), 'SECRET-CONTENT');
  root = await mkdtemp(path.join(tmpdir(), 'aop-files-'));
  await mkdir(path.join(root, 'pki'));
  await writeFile(path.join(root, 'pki', 'cert.crt'), 'certificate');
  await writeFile(path.join(root, 'pki', 'big.crt'), Buffer.alloc(MAX_FILE_BYTES + 1));
  await symlink(path.join(outside, 'secret.pem'), path.join(root, 'pki', 'link.crt'));
  await symlink(outside, path.join(root, 'linked-folder'));
  execFileSync('mkfifo', [path.join(root, 'pki', 'fifo.crt')]);
});

describe('readRepoFile', () => {
  it('reads a regular file inside the repository', async () => {
    const read = await readRepoFile(root, 'pki/cert.crt');
    expect(read.ok && read.bytes.toString()).toBe('certificate');
  });

  it.each([
    ['pki/missing.crt', 'missing'],
    ['pki/cert.crt/inside-a-file.crt', 'missing'],
    ['../outside.crt', 'outside-repository'],
    ['pki/link.crt', 'symbolic-link'],
    ['linked-folder/secret.pem', 'symbolic-link'],
    ['pki', 'not-a-regular-file'],
    ['pki/fifo.crt', 'not-a-regular-file'],
    ['pki/big.crt', 'too-large'],
  ])('refuses %s as %s, never quoting content', async (file, problem) => {
    const read = await readRepoFile(root, file);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem).toBe(problem);
    expect(read.detail).not.toContain('SECRET-CONTENT');
  });
});

describe('readRepoFileSync', () => {
  it('reads what readRepoFile reads, and refuses what it refuses, without awaiting each system call', async () => {
    for (const file of [
      'pki/cert.crt',
      'pki/link.crt',
      'linked-folder/secret.pem',
      'pki/fifo.crt',
      'pki/big.crt',
    ]) {
      expect(readRepoFileSync(root, file)).toEqual(await readRepoFile(root, file));
    }
    const read = readRepoFileSync(root, 'pki/cert.crt');
    expect(read.ok && read.bytes.toString()).toBe('certificate');
  });
});
