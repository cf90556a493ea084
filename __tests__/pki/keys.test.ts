import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyInput } from '../../src/pki/index.js';
import { encryptKeyLegacy, encryptKeyPkcs8, makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { bytesOf, check, summary } from './support.js';

const PASSPHRASE = 'correct horse battery staple';
const KEY_PATH = 'pki/app/cert.key.enc';

let ca: Issued;
let leaf: Issued;
let rsaLeaf: Issued;

beforeAll(async () => {
  ca = await makeCA();
  leaf = await makeLeaf(ca);
  rsaLeaf = await makeLeaf(ca, { key: { alg: 'rsa', bits: 2048 } });
});

function fileKey(pem: string, passphrase?: string): KeyInput {
  const key: KeyInput = {
    source: 'file',
    path: KEY_PATH,
    bytes: bytesOf(pem),
    passphraseVariable: 'AOP_PASS',
  };
  if (passphrase !== undefined) key.passphrase = passphrase;
  return key;
}

async function keyFindings(issued: Issued, key: KeyInput) {
  const result = await check(issued, ca, { key, manifestEntry: { file: 'aop-certs.yml', line: 12 } });
  return {
    ...result,
    findings: result.findings.filter(
      (finding) => finding.rule.startsWith('key.') || finding.rule === 'secret.plaintext_key',
    ),
  };
}

function expectNoSecrets(text: string, ...secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('private key from an environment variable', () => {
  it('accepts the matching key and returns it as PKCS#8 for upload', async () => {
    const result = await keyFindings(leaf, { source: 'env', variable: 'AOP_KEY_APP', pem: leaf.keyPem });
    expect(result.findings).toEqual([]);
    expect(result.privateKeyPem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}\n/);
  });

  it('reports a key that does not match the certificate, at the manifest entry', async () => {
    const other = await makeLeaf(ca);
    const result = await keyFindings(leaf, { source: 'env', variable: 'AOP_KEY_APP', pem: other.keyPem });
    expect(summary(result.findings)).toEqual(['key.present_and_matches:error']);
    expect(result.findings[0]).toMatchObject({ file: 'aop-certs.yml', line: 12, message: /does not match/ });
    expect(result.privateKeyPem).toBeUndefined();
  });

  it('reports a variable that holds no key', async () => {
    const result = await keyFindings(leaf, { source: 'env', variable: 'AOP_KEY_APP', pem: 'oops' });
    expect(summary(result.findings)).toEqual(['key.present_and_matches:error']);
  });

  it('warns on an EC PARAMETERS block and CRLF, and still uploads a clean key', async () => {
    const messy =
      `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${leaf.keyPem}`.replace(
        /\n/g,
        '\r\n',
      );
    const result = await keyFindings(leaf, { source: 'env', variable: 'AOP_KEY_APP', pem: messy });
    expect(summary(result.findings)).toEqual(['key.pem_hygiene:warning']);
    expect(result.findings[0]!.message).toMatch(/EC PARAMETERS.*CRLF/);
    expect(result.privateKeyPem).not.toContain('\r');
  });
});

describe('private key committed as a file', () => {
  it('decrypts a PBES2 key in memory and accepts it', async () => {
    const result = await keyFindings(
      rsaLeaf,
      fileKey(encryptKeyPkcs8(rsaLeaf.keyPem, PASSPHRASE), PASSPHRASE),
    );
    expect(result.findings).toEqual([]);
    expect(result.privateKeyPem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}/);
  });

  it('reports a plaintext key as a leaked secret, at the key file', async () => {
    const result = await keyFindings(leaf, fileKey(leaf.keyPem));
    expect(summary(result.findings)).toEqual(['secret.plaintext_key:error']);
    expect(result.findings[0]).toMatchObject({ file: KEY_PATH, line: 1 });
  });

  it('refuses the legacy Proc-Type form with the PBES2 conversion command', async () => {
    const result = await keyFindings(
      rsaLeaf,
      fileKey(encryptKeyLegacy(rsaLeaf.keyPem, PASSPHRASE), PASSPHRASE),
    );
    expect(summary(result.findings)).toEqual(['key.legacy_encryption:error']);
    expect(result.findings[0]!.fix).toContain(
      'openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key',
    );
    expect(result.privateKeyPem).toBeUndefined();
  });

  it('refuses PKCS#8 encrypted with PBES1 (openssl pkcs8 -v1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-pbes1-'));
    try {
      writeFileSync(join(dir, 'plain.key'), rsaLeaf.keyPem);
      execFileSync('openssl', [
        'pkcs8',
        '-topk8',
        '-v1',
        'PBE-SHA1-3DES',
        '-in',
        join(dir, 'plain.key'),
        '-out',
        join(dir, 'old.key'),
        '-passout',
        `pass:${PASSPHRASE}`,
      ]);
      const pem = readFileSync(join(dir, 'old.key'), 'utf8');
      return keyFindings(rsaLeaf, fileKey(pem, PASSPHRASE)).then((result) => {
        expect(summary(result.findings)).toEqual(['key.legacy_encryption:error']);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a wrong passphrase without quoting it or the key', async () => {
    const encrypted = encryptKeyPkcs8(leaf.keyPem, PASSPHRASE);
    const result = await keyFindings(leaf, fileKey(encrypted, 'wrong passphrase value'));
    expect(summary(result.findings)).toEqual(['key.present_and_matches:error']);
    expect(result.findings[0]!.message).toMatch(/does not decrypt/);
    expectNoSecrets(
      JSON.stringify(result.findings),
      'wrong passphrase value',
      PASSPHRASE,
      encrypted.split('\n')[1]!,
    );
  });

  it('reports a missing passphrase, naming the variable', async () => {
    const result = await keyFindings(leaf, fileKey(encryptKeyPkcs8(leaf.keyPem, PASSPHRASE)));
    expect(summary(result.findings)).toEqual(['key.present_and_matches:error']);
    expect(result.findings[0]!.message).toMatch(/AOP_PASS is empty or unset/);
  });

  it('refuses a key file over 1 MiB', async () => {
    const result = await check(leaf, ca, { key: fileKey('x'.repeat(1024 * 1024 + 1)) });
    expect(summary(result.findings)).toEqual(['input.too_large:error']);
    expect(result.findings[0]!.file).toBe(KEY_PATH);
  });

  it('reports an encrypted key that does not match the certificate', async () => {
    const other = await makeLeaf(ca);
    const result = await keyFindings(leaf, fileKey(encryptKeyPkcs8(other.keyPem, PASSPHRASE), PASSPHRASE));
    expect(result.findings).toMatchObject([{ rule: 'key.present_and_matches', message: /does not match/ }]);
  });
});

describe('absent key', () => {
  it.each([
    ['fork', [`key.absent_on_fork:notice`]],
    ['empty-variable', [`key.empty_variable:warning`]],
    ['not-configured', []],
  ] as const)('%s', async (reason, expected) => {
    const result = await keyFindings(leaf, { source: 'absent', reason, variable: 'AOP_KEY_APP' });
    expect(summary(result.findings)).toEqual(expected);
    expect(result.privateKeyPem).toBeUndefined();
  });
});
