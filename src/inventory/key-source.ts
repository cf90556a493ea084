/** Resolves a certificate's `private-key` entry into what the pki checks take, masking as it reads. */
import type { KeyInput } from '../pki/index.js';
import type { ManifestCertificate } from '../manifest/types.js';
import { readRepoFileSync } from '../files/repo-file.js';
import { maskSecret } from '../secrets.js';
import type { Finding } from '../findings.js';

export interface KeyResolution {
  key: KeyInput;
  findings: Finding[];
}

/**
 * A variable the job does not set at all is normal where no secrets are passed (PR jobs); one
 * that is set but empty is a misnamed secret. On a fork's PR, either is only a notice.
 */
function absentKey(
  fromFork: boolean,
  reason: 'not-configured' | 'empty-variable',
  variable: string,
): KeyInput {
  return { source: 'absent', reason: fromFork ? 'fork' : reason, variable };
}

export async function resolveKey(
  root: string,
  certificate: ManifestCertificate,
  env: NodeJS.ProcessEnv,
  fromFork: boolean,
  fileFinding: (path: string, detail: string) => Finding,
): Promise<KeyResolution> {
  const source = certificate.privateKey;
  if (!source) return { key: { source: 'absent', reason: 'not-configured' }, findings: [] };
  if ('env' in source) {
    const pem = env[source.env];
    if (pem === undefined) return { key: absentKey(fromFork, 'not-configured', source.env), findings: [] };
    maskSecret(pem);
    if (!pem.trim()) return { key: absentKey(fromFork, 'empty-variable', source.env), findings: [] };
    return { key: { source: 'env', variable: source.env, pem }, findings: [] };
  }
  const passphrase = env[source.passphraseEnv];
  const read = readRepoFileSync(root, source.file);
  if (!read.ok)
    return {
      key: { source: 'absent', reason: 'not-configured' },
      findings: [fileFinding(source.file, read.detail)],
    };
  if (passphrase === undefined)
    return { key: absentKey(fromFork, 'not-configured', source.passphraseEnv), findings: [] };
  maskSecret(passphrase);
  if (!passphrase) return { key: absentKey(fromFork, 'empty-variable', source.passphraseEnv), findings: [] };
  return {
    key: {
      source: 'file',
      path: source.file,
      bytes: read.bytes,
      passphraseVariable: source.passphraseEnv,
      passphrase,
    },
    findings: [],
  };
}
