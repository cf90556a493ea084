/**
 * The PKI of Cloudflare's per-hostname AOP page, made with its own `openssl` commands, with
 * `-subj` and `-passout`/`-passin` added so they run unattended. Used by the demo and by tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SEED_EXTFILE = 'basicConstraints=CA:FALSE\n';

export interface SeedPki {
  folder: string;
  /** The passphrase of rootca.key (a demo value, never a real secret). */
  caPassphrase: string;
  file(name: string): Promise<string>;
  /** Signs a new leaf with the seed's `openssl x509 -req … -extfile` step. */
  leaf(options: LeafOptions): Promise<{ certPem: string; keyPem: string; extfile: string }>;
}

export interface LeafOptions {
  name: string;
  cn: string;
  days?: number;
  extfile?: string;
  bits?: number;
}

function openssl(folder: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function makeSeedPki(options: { caCn?: string; bits?: number } = {}): Promise<SeedPki> {
  const folder = await mkdtemp(path.join(tmpdir(), 'aop-seed-'));
  const caPassphrase = `demo-${Math.random().toString(36).slice(2)}`;
  const bits = String(options.bits ?? 4096);
  const pass = `pass:${caPassphrase}`;
  openssl(folder, ['genrsa', '-aes256', '-passout', pass, '-out', 'rootca.key', bits]);
  openssl(folder, [
    'req',
    '-x509',
    '-new',
    '-nodes',
    '-key',
    'rootca.key',
    '-passin',
    pass,
    '-sha256',
    '-days',
    '1826',
    '-out',
    'rootca.crt',
    '-subj',
    `/CN=${options.caCn ?? 'example.com'}`,
  ]);
  const file = (name: string) => readFile(path.join(folder, name), 'utf8');
  return {
    folder,
    caPassphrase,
    file,
    async leaf(leaf) {
      const extfile = leaf.extfile ?? SEED_EXTFILE;
      await writeFile(path.join(folder, `${leaf.name}.v3.ext`), extfile);
      openssl(folder, [
        'req',
        '-new',
        '-nodes',
        '-out',
        `${leaf.name}.csr`,
        '-newkey',
        `rsa:${leaf.bits ?? bits}`,
        '-keyout',
        `${leaf.name}.key`,
        '-subj',
        `/CN=${leaf.cn}`,
      ]);
      openssl(folder, [
        'x509',
        '-req',
        '-in',
        `${leaf.name}.csr`,
        '-CA',
        'rootca.crt',
        '-CAkey',
        'rootca.key',
        '-passin',
        pass,
        '-CAcreateserial',
        '-out',
        `${leaf.name}.crt`,
        '-days',
        String(leaf.days ?? 730),
        '-sha256',
        '-extfile',
        `./${leaf.name}.v3.ext`,
      ]);
      return { certPem: await file(`${leaf.name}.crt`), keyPem: await file(`${leaf.name}.key`), extfile };
    },
  };
}
