/**
 * Looks through the folders the manifest points into for private keys that must not be there:
 * a plaintext key is a leaked secret, and so is a CA's key, even encrypted. Keys named by a
 * certificate's `private-key.file` are checked by the pki stage instead.
 */
import { createPrivateKey } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings.js';
import { MAX_FILE_BYTES, readRepoFile } from '../files/repo-file.js';
import { children, readOid, readRoot } from '../pki/der.js';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
const MAX_FILES = 5000;
/** Anywhere on a line: a key pasted into a JSON or YAML string is as leaked as one in a .key file. */
const KEY_BEGIN = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----/g;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
const OPENSSH_MAGIC = 'openssh-key-v1\0';
/** PBES2, and PKCS#12's own password-based schemes (1.2.840.113549.1.12.1.*). */
const ENCRYPTION_OIDS = /^1\.2\.840\.113549\.1\.(5\.13|12\.1\.\d+)$/;
/** `SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data | pkcs7-signedData` , after the outer header. */
const PKCS12_START = [0x02, 0x01, 0x03, 0x30];
const PKCS7_PREFIX = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
const DER_KEY_TYPES = ['pkcs8', 'pkcs1', 'sec1'] as const;

export type KeyKind = 'plaintext' | 'encrypted' | 'container';

export interface KeyBlock {
  /** 1-based; absent for a binary (DER) file. */
  line?: number;
  kind: KeyKind;
}

/** Every private key in a file: PEM blocks anywhere in the text, or the file itself in DER. */
export function findKeys(bytes: Uint8Array): KeyBlock[] {
  const text = Buffer.from(bytes).toString('latin1');
  const blocks = findKeyBlocks(text);
  if (blocks.length > 0 || bytes[0] !== 0x30) return blocks;
  const kind = derKeyKind(bytes);
  return kind ? [{ kind }] : [];
}

export function findKeyBlocks(text: string): KeyBlock[] {
  const blocks: KeyBlock[] = [];
  for (const match of text.matchAll(KEY_BEGIN)) {
    const start = match.index + match[0].length;
    const endAt = text.slice(start).search(KEY_END);
    const body = text.slice(start, endAt < 0 ? start + 8192 : start + endAt);
    const line = text.slice(0, match.index).split('\n').length;
    blocks.push({ line, kind: pemKeyKind(match[1]!, body) });
  }
  return blocks;
}

/** The body may hold real or escaped (`\n`) newlines, quotes and indentation: only base64 counts. */
function pemKeyKind(label: string, body: string): KeyKind {
  if (label.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(body)) return 'encrypted';
  if (label !== 'OPENSSH PRIVATE KEY') return 'plaintext';
  const base64 = body.replace(/\\[nrt]/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
  return opensshCipher(Buffer.from(base64, 'base64')) === 'none' ? 'plaintext' : 'encrypted';
}

/** The cipher an OpenSSH key is stored under (`none` when it is not encrypted). */
function opensshCipher(blob: Buffer): string | undefined {
  if (blob.toString('latin1', 0, OPENSSH_MAGIC.length) !== OPENSSH_MAGIC) return undefined;
  const at = OPENSSH_MAGIC.length;
  if (blob.length < at + 4) return undefined;
  const length = blob.readUInt32BE(at);
  return blob.toString('latin1', at + 4, at + 4 + length);
}

function derKeyKind(bytes: Uint8Array): KeyKind | undefined {
  if (isPkcs12(bytes)) return 'container';
  for (const type of DER_KEY_TYPES) {
    try {
      createPrivateKey({ key: Buffer.from(bytes), format: 'der', type });
      return 'plaintext';
    } catch {
      // not a key of this type
    }
  }
  return isEncryptedPkcs8(bytes) ? 'encrypted' : undefined;
}

/** PKCS#12 (.p12, .pfx), by its first bytes; its outer length may be BER's indefinite form. */
function isPkcs12(bytes: Uint8Array): boolean {
  const lengthByte = bytes[1] ?? 0;
  const header = lengthByte > 0x80 ? 2 + (lengthByte & 0x7f) : 2;
  if (!PKCS12_START.every((byte, index) => bytes[header + index] === byte)) return false;
  const innerLength = bytes[header + 4] ?? 0;
  const inner = header + 5 + (innerLength > 0x80 ? innerLength & 0x7f : 0);
  return PKCS7_PREFIX.every((byte, index) => bytes[inner + index] === byte);
}

/** EncryptedPrivateKeyInfo: `SEQUENCE { SEQUENCE { OID <encryption scheme> ... }, OCTET STRING }`. */
function isEncryptedPkcs8(bytes: Uint8Array): boolean {
  try {
    const [algorithm, data] = children(readRoot(bytes, []), []);
    const [oid] = algorithm ? children(algorithm, []) : [];
    return data?.tag === 0x04 && oid !== undefined && ENCRYPTION_OIDS.test(readOid(oid));
  } catch {
    return false;
  }
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

function hasListedAncestor(folder: string, folders: Set<string>): boolean {
  for (let slash = folder.indexOf('/'); slash >= 0; slash = folder.indexOf('/', slash + 1))
    if (folders.has(folder.slice(0, slash))) return true;
  return false;
}

export async function scanForKeys(input: SecretScanInput): Promise<Finding[]> {
  const files = new Set<string>();
  const folders = new Set(input.folders);
  // A folder inside another listed one is listed with it. The manifest names a folder per file, so
  // comparing every folder with every other grew with the square of the certificates: each folder
  // looks up its ancestors instead.
  const roots = [...folders].filter((folder) => !hasListedAncestor(folder, folders));
  for (const folder of roots) await listFiles(input.root, folder, files);
  const findings: Finding[] = [];
  for (const file of [...files].sort()) {
    if (input.judgedElsewhere.has(file)) continue;
    const stats = await lstat(path.join(input.root, file)).catch(() => undefined);
    if (!stats?.isFile() || stats.size > MAX_FILE_BYTES) continue;
    const read = await readRepoFile(input.root, file);
    if (!read.ok) continue;
    for (const block of findKeys(read.bytes)) findings.push(keyFinding(file, block));
  }
  return findings;
}

function keyFinding(file: string, block: KeyBlock): Finding {
  const at = { file, ...(block.line === undefined ? {} : { line: block.line }) };
  switch (block.kind) {
    case 'plaintext':
      return {
        severity: 'error',
        rule: 'secret.plaintext_key',
        ...at,
        message: 'A plaintext private key is committed: treat it as leaked.',
        fix: 'Remove it from the repository and its history, replace the certificate it belongs to, and pass the new key as a secret (private-key: { env: … }).',
      };
    case 'container':
      return {
        severity: 'error',
        rule: 'secret.plaintext_key',
        ...at,
        message:
          'A PKCS#12 file (a private key with its certificate) is committed: whatever its password, treat the key as leaked.',
        fix: 'Remove it from the repository and its history, replace the certificate whose key it holds, and pass the new key as a secret (private-key: { env: … }).',
      };
    case 'encrypted':
      return {
        severity: 'error',
        rule: 'secret.unused_key',
        ...at,
        message:
          'An encrypted private key that no certificate in the manifest uses; a CA’s key must never be in the repository, even encrypted.',
        fix: 'Move CA keys offline (a vault or an HSM). If this is a leaf’s key, name it in that certificate’s private-key.file.',
      };
  }
}
