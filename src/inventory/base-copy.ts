/**
 * Tells whether a certificate file changed against the PR's base: DESIGN §2 lets expiry block only
 * what a change adds or replaces. One `git ls-tree` of the base commit per run gives every file's
 * blob ID; a file is unchanged when its content hashes to the same blob. When the checkout does not
 * have the base commit (a shallow clone), the answer is unknown and the caller asks GitHub.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type BaseComparison = { known: true; changed: boolean } | { known: false };

/** What `git hash-object` gives for these bytes. */
function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Reads the base commit's tree once; returns a comparer for files of the working tree. */
export function gitBaseComparer(
  root: string,
  baseSha: string,
): (file: string, bytes: Uint8Array) => Promise<BaseComparison> {
  let tree: Promise<Map<string, string> | undefined> | undefined;
  const readTree = async (): Promise<Map<string, string> | undefined> => {
    if (!/^[0-9a-f]{7,64}$/i.test(baseSha)) return undefined;
    try {
      const { stdout } = await run('git', ['ls-tree', '-r', '-z', '--full-tree', baseSha], {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      });
      const blobs = new Map<string, string>();
      for (const entry of stdout.split('\0').filter(Boolean)) {
        const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
        if (match) blobs.set(match[2]!, match[1]!);
      }
      return blobs;
    } catch {
      return undefined;
    }
  };
  return async (file, bytes) => {
    tree ??= readTree();
    const blobs = await tree;
    if (!blobs) return { known: false };
    return { known: true, changed: blobs.get(file) !== gitBlobId(bytes) };
  };
}
