/**
 * Tells whether a certificate file changed against the PR's base: DESIGN §2 lets expiry block only
 * what a change adds or replaces. One `git ls-tree` of the base commit per run gives every file's
 * blob ID; a file is unchanged when its content hashes to the same blob, or, when it does not (a
 * checkout that converts line endings, `eol=crlf`, holds other bytes than git stores), when the
 * stored copy holds the same certificates (the same DER). When the checkout does not have the base
 * commit (a shallow clone), the answer is unknown and the caller asks GitHub.
 */
import { hash } from 'node:crypto';
import { certificateBlocks } from '../pki/certificate-file.js';

/**
 * `git` in the repository. child_process is loaded on the first call: most checks never need git
 * (only a certificate whose expiry blocks a change asks), and loading it costs every start.
 */
async function git(root: string, args: string[], maxBuffer: number): Promise<Buffer> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, encoding: 'buffer', maxBuffer }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

export type BaseComparison = { known: true; changed: boolean } | { known: false };

/** What `git hash-object` gives for these bytes. */
function gitBlobId(bytes: Uint8Array): string {
  return hash('sha1', Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]));
}

/** The certificates a file holds, as DER, in order; undefined when it holds none. */
function certificatesIn(bytes: Uint8Array): string | undefined {
  const { blocks } = certificateBlocks(bytes, 'leaf');
  if (blocks.length === 0) return undefined;
  return blocks.map((block) => Buffer.from(block.der).toString('hex')).join(',');
}

/**
 * The same file for expiry's purpose: the same bytes, or the same certificates in another encoding
 * (CRLF against LF, PEM against DER), which Cloudflare would hold as one certificate.
 */
export function sameCertificates(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  const der = certificatesIn(a);
  return der !== undefined && der === certificatesIn(b);
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
      const listing = await git(root, ['ls-tree', '-r', '-z', '--full-tree', baseSha], 64 * 1024 * 1024);
      const stdout = listing.toString('utf8');
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
  const readBlob = async (blob: string): Promise<Uint8Array | undefined> => {
    try {
      return await git(root, ['cat-file', 'blob', blob], 4 * 1024 * 1024);
    } catch {
      return undefined;
    }
  };
  return async (file, bytes) => {
    tree ??= readTree();
    const blobs = await tree;
    if (!blobs) return { known: false };
    const blob = blobs.get(file);
    if (blob === undefined) return { known: true, changed: true };
    if (blob === gitBlobId(bytes)) return { known: true, changed: false };
    const stored = await readBlob(blob);
    if (!stored) return { known: false };
    return { known: true, changed: !sameCertificates(stored, bytes) };
  };
}
