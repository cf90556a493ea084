/**
 * Reads files of the repository so that files are what they seem: the file (opened without
 * following a link, or by lstat) and the real path of its folder are checked before any read,
 * and symbolic links, non-regular files and anything outside the repository are refused. Nothing here ever returns a file's content in
 * an error.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export type RepoFileProblem =
  'missing' | 'outside-repository' | 'symbolic-link' | 'not-a-regular-file' | 'too-large' | 'unreadable';

export type RepoFileRead =
  | { ok: true; path: string; bytes: Buffer }
  | { ok: false; path: string; problem: RepoFileProblem; detail: string };

/** `relativePath` is relative to the repository root, with forward slashes. */
export async function readRepoFile(root: string, relativePath: string): Promise<RepoFileRead> {
  return readRepoFileSync(root, relativePath);
}

/**
 * The same read, synchronously. The files are small and local, and a chain of one await per
 * system call (lstat, realpath, open, fstat, read, close) left the process idle most of the time
 * between them; blocking for those microseconds is cheaper.
 */
export function readRepoFileSync(root: string, relativePath: string): RepoFileRead {
  const fail = failure(relativePath);
  const rootReal = realRoot(root);
  const absolute = path.resolve(rootReal, relativePath);
  if (!isInside(rootReal, absolute)) {
    return fail('outside-repository', 'it points outside the repository; keep every file inside it');
  }
  // Most files are regular files: opened without following a link, they are judged by the
  // descriptor, which spares the lstat. Anything else (a link, a folder, a FIFO, a missing file)
  // is closed unread and judged by the full checks below, which name the problem.
  let fd: number | undefined;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    fd = undefined;
  }
  if (fd !== undefined) {
    let opened;
    try {
      opened = fstatSync(fd);
    } catch {
      opened = undefined;
    }
    if (opened?.isFile()) {
      try {
        return (
          checkedFolderAndSize(fail, rootReal, absolute, opened.size) ??
          readOpened(fail, fd, opened.size, relativePath)
        );
      } finally {
        closeSync(fd);
      }
    }
    closeSync(fd);
  }
  return readChecked(fail, rootReal, absolute, relativePath);
}

type Fail = (problem: RepoFileProblem, detail: string) => RepoFileRead;

function failure(relativePath: string): Fail {
  return (problem, detail) => ({ ok: false, path: relativePath, problem, detail });
}

/** Every check on the path before it is opened: what the file is, where it really is, its size. */
function readChecked(fail: Fail, rootReal: string, absolute: string, relativePath: string): RepoFileRead {
  let stats;
  try {
    stats = lstatSync(absolute);
  } catch {
    return fail('missing', 'no such file; check the path (it is relative to the manifest’s folder)');
  }
  if (stats.isSymbolicLink()) {
    return fail('symbolic-link', 'it is a symbolic link; commit the file itself, not a link to it');
  }
  if (!stats.isFile()) return fail('not-a-regular-file', 'it is not a regular file');
  const refused = checkedFolderAndSize(fail, rootReal, absolute, stats.size);
  if (refused) return refused;
  let fd: number;
  try {
    // O_NONBLOCK: should a FIFO be swapped in after the lstat, opening it must not hang the run.
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return fail('unreadable', 'it could not be opened for reading');
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stats.ino || opened.dev !== stats.dev) {
      return fail('not-a-regular-file', 'it changed into something else while being read');
    }
    return readOpened(fail, fd, opened.size, relativePath);
  } catch {
    return fail('unreadable', 'it could not be opened for reading');
  } finally {
    closeSync(fd);
  }
}

/** A regular file (not itself a link): refused when a folder on its path is a link, or when it is too large. */
function checkedFolderAndSize(
  fail: Fail,
  rootReal: string,
  absolute: string,
  size: number,
): RepoFileRead | undefined {
  let resolved: string;
  try {
    // The file itself is no link, so its real path is its folder's real path and its name; a
    // folder holds many files, and resolving it once spares a system call per folder on the path
    // for every file.
    resolved = path.join(realFolder(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return fail('missing', 'no such file; check the path (it is relative to the manifest’s folder)');
  }
  if (resolved !== absolute || !isInside(rootReal, resolved)) {
    return fail(
      'symbolic-link',
      'a folder on its path is a symbolic link; use the real path inside the repository',
    );
  }
  if (size > MAX_FILE_BYTES) {
    return fail(
      'too-large',
      `it is ${size} bytes, over the 1 MiB limit for a certificate, key or extension file`,
    );
  }
  return undefined;
}

/** The content of an opened regular file, up to the size limit. */
function readOpened(fail: Fail, fd: number, size: number, relativePath: string): RepoFileRead {
  try {
    // Room for one byte more than expected, so a file that grows while read is noticed.
    let buffer = Buffer.allocUnsafeSlow(Math.min(size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length > MAX_FILE_BYTES) return fail('too-large', 'it grew over the 1 MiB limit while being read');
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, MAX_FILE_BYTES + 1));
        buffer.copy(larger);
        buffer = larger;
      }
    }
    return { ok: true, path: relativePath, bytes: buffer.subarray(0, length) };
  } catch {
    return fail('unreadable', 'it could not be opened for reading');
  }
}

const realRoots = new Map<string, string>();

/** The repository root does not move during a run: resolved once per process. */
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    realRoots.set(root, real);
  }
  return real;
}

const realFolders = new Map<string, string>();

/** A folder's real path, resolved once per process: the checkout does not change during a run. */
function realFolder(folder: string): string {
  let real = realFolders.get(folder);
  if (real === undefined) {
    real = realpathSync.native(folder);
    realFolders.set(folder, real);
  }
  return real;
}

function isInside(root: string, candidate: string): boolean {
  // Both are absolute and normalized: a path below the root is the root, a separator and the rest,
  // which is what path.relative would give, without resolving both again.
  const relative = candidate.startsWith(root + path.sep)
    ? candidate.slice(root.length + path.sep.length)
    : path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
