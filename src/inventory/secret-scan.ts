/**
 * Looks through the folders the manifest points into for private keys that must not be there:
 * a plaintext key is a leaked secret, and so is a CA's key, even encrypted. Keys named by a
 * certificate's `private-key.file` are checked by the pki stage instead.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings.js';
import { MAX_FILE_BYTES, readRepoFile } from '../files/repo-file.js';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
const MAX_FILES = 5000;
const KEY_BEGIN = /^-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----/;

interface KeyBlock {
  line: number;
  kind: 'plaintext' | 'encrypted';
}

export function findKeyBlocks(text: string): KeyBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: KeyBlock[] = [];
  lines.forEach((line, index) => {
    const match = KEY_BEGIN.exec(line.trim());
    if (!match) return;
    const encrypted =
      match[1] === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,ENCRYPTED/.test(lines[index + 1] ?? '');
    blocks.push({ line: index + 1, kind: encrypted ? 'encrypted' : 'plaintext' });
  });
  return blocks;
}

async function listFiles(root: string, folder: string, into: Set<string>): Promise<void> {
  if (into.size >= MAX_FILES) return;
  let entries;
  try {
    entries = await readdir(path.join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const relative = folder === '.' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await listFiles(root, relative, into);
    else if (entry.isFile()) into.add(relative);
    if (into.size >= MAX_FILES) return;
  }
}

export interface SecretScanInput {
  root: string;
  /** Folders (repository-relative) that the manifest points into. */
  folders: string[];
  /** Files the pki stage reads and judges itself (certificates and key files). */
  judgedElsewhere: Set<string>;
}

export async function scanForKeys(input: SecretScanInput): Promise<Finding[]> {
  const files = new Set<string>();
  const roots = [...new Set(input.folders)].filter(
    (folder) => !input.folders.some((other) => other !== folder && folder.startsWith(`${other}/`)),
  );
  for (const folder of roots) await listFiles(input.root, folder, files);
  const findings: Finding[] = [];
  for (const file of [...files].sort()) {
    if (input.judgedElsewhere.has(file)) continue;
    const stats = await lstat(path.join(input.root, file)).catch(() => undefined);
    if (!stats?.isFile() || stats.size > MAX_FILE_BYTES) continue;
    const read = await readRepoFile(input.root, file);
    if (!read.ok) continue;
    for (const block of findKeyBlocks(read.bytes.toString('latin1'))) findings.push(keyFinding(file, block));
  }
  return findings;
}

function keyFinding(file: string, block: KeyBlock): Finding {
  if (block.kind === 'plaintext') {
    return {
      severity: 'error',
      rule: 'secret.plaintext_key',
      file,
      line: block.line,
      message: 'A plaintext private key is committed: treat it as leaked.',
      fix: 'Remove it from the repository and its history, replace the certificate it belongs to, and pass the new key as a secret (private-key: { env: … }).',
    };
  }
  return {
    severity: 'error',
    rule: 'secret.unused_key',
    file,
    line: block.line,
    message:
      'An encrypted private key that no certificate in the manifest uses; a CA’s key must never be in the repository, even encrypted.',
    fix: 'Move CA keys offline (a vault or an HSM). If this is a leaf’s key, name it in that certificate’s private-key.file.',
  };
}
