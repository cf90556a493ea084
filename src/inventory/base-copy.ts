/**
 * Tells whether a certificate file changed against the PR's base: DESIGN §2 lets expiry block only
 * what a change adds or replaces. The base copy comes from git when the checkout has the base
 * commit; otherwise the answer is unknown and the caller counts the certificate as changed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type BaseCopy = { known: true; bytes: Buffer | undefined } | { known: false };

export async function gitBaseCopy(root: string, baseSha: string, file: string): Promise<BaseCopy> {
  if (!/^[0-9a-f]{7,64}$/i.test(baseSha)) return { known: false };
  try {
    await run('git', ['cat-file', '-e', `${baseSha}^{commit}`], { cwd: root });
  } catch {
    return { known: false };
  }
  try {
    const { stdout } = await run('git', ['show', `${baseSha}:${file}`], {
      cwd: root,
      encoding: 'buffer',
      maxBuffer: 2 * 1024 * 1024,
    });
    return { known: true, bytes: stdout };
  } catch {
    return { known: true, bytes: undefined };
  }
}
