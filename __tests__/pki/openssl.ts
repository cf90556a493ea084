/** Signs leaves with the real `openssl` CLI, for keys and shapes WebCrypto cannot make; not a test file. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issued } from '../../test-support/pki.js';

export interface OpensslLeafOptions {
  /** Arguments of `openssl genpkey` that make the leaf's key. */
  genpkey: string[];
  extfile?: string;
  cn?: string;
}

/** Returns the PEM of a leaf signed by `ca` with `openssl x509 -req`. */
export function opensslLeaf(ca: Issued, options: OpensslLeafOptions): string {
  const dir = mkdtempSync(join(tmpdir(), 'aop-openssl-'));
  const run = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    writeFileSync(join(dir, 'ca.crt'), ca.certPem);
    writeFileSync(join(dir, 'ca.key'), ca.keyPem);
    writeFileSync(join(dir, 'cert.v3.ext'), options.extfile ?? 'basicConstraints=CA:FALSE\n');
    run(['genpkey', ...options.genpkey, '-out', 'cert.key']);
    run([
      'req',
      '-new',
      '-key',
      'cert.key',
      '-subj',
      `/CN=${options.cn ?? 'app.example.com'}`,
      '-out',
      'cert.csr',
    ]);
    run([
      'x509',
      '-req',
      '-in',
      'cert.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'cert.crt',
      '-days',
      '90',
      '-sha256',
      '-extfile',
      'cert.v3.ext',
    ]);
    return readFileSync(join(dir, 'cert.crt'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
