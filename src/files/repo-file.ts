/**
 * Reads files of the repository the way DESIGN §2 "Files are what they seem" asks: the path is
 * checked with lstat/realpath before any read, and symbolic links, non-regular files and
 * anything outside the repository are refused. Nothing here ever returns a file's content in
 * an error.
 */
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export type RepoFileProblem =
  'missing' | 'outside-repository' | 'symbolic-link' | 'not-a-regular-file' | 'too-large' | 'unreadable';

export type RepoFileRead =
  | { ok: true; path: string; bytes: Buffer }
  | { ok: false; path: string; problem: RepoFileProblem; detail: string };

/** `relativePath` is relative to the repository root, with forward slashes. */
export async function readRepoFile(root: string, relativePath: string): Promise<RepoFileRead> {
  const fail = (problem: RepoFileProblem, detail: string): RepoFileRead => ({
    ok: false,
    path: relativePath,
    problem,
    detail,
  });
  const rootReal = await realpath(root);
  const absolute = path.resolve(rootReal, relativePath);
  if (!isInside(rootReal, absolute)) {
    return fail('outside-repository', 'it points outside the repository; keep every file inside it');
  }
  let stats;
  try {
    stats = await lstat(absolute);
  } catch {
    return fail('missing', 'no such file; check the path (it is relative to the manifest’s folder)');
  }
  if (stats.isSymbolicLink()) {
    return fail('symbolic-link', 'it is a symbolic link; commit the file itself, not a link to it');
  }
  if (!stats.isFile()) return fail('not-a-regular-file', 'it is not a regular file');
  const resolved = await realpath(absolute);
  if (resolved !== absolute || !isInside(rootReal, resolved)) {
    return fail(
      'symbolic-link',
      'a folder on its path is a symbolic link; use the real path inside the repository',
    );
  }
  if (stats.size > MAX_FILE_BYTES) {
    return fail(
      'too-large',
      `it is ${stats.size} bytes, over the 1 MiB limit for a certificate, key or extension file`,
    );
  }
  try {
    const handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const bytes = await handle.readFile();
      if (bytes.length > MAX_FILE_BYTES)
        return fail('too-large', 'it grew over the 1 MiB limit while being read');
      return { ok: true, path: relativePath, bytes };
    } finally {
      await handle.close();
    }
  } catch {
    return fail('unreadable', 'it could not be opened for reading');
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
