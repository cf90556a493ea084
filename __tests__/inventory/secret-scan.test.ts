import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findKeyBlocks, findKeys, scanForKeys } from '../../src/inventory/secret-scan.js';
import { encryptKeyLegacy, encryptKeyPkcs8, makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { makeRepo } from '../../test-support/repo.js';

const hasSshKeygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;

describe('findKeyBlocks', () => {
  it('tells plaintext from encrypted keys, with the line of each block', async () => {
    const ca = await makeCA({ key: { alg: 'rsa' } });
    const text = `note\n${ca.keyPem}\n${encryptKeyPkcs8(ca.keyPem, 'pw')}\n${encryptKeyLegacy(ca.keyPem, 'pw')}`;
    const blocks = findKeyBlocks(text);
    expect(blocks.map((block) => block.kind)).toEqual(['plaintext', 'encrypted', 'encrypted']);
    expect(blocks[0]!.line).toBe(2);
  });
});

describe('scanForKeys', () => {
  it('finds keys in the folders the manifest points into, except those judged elsewhere', async () => {
    const ca = await makeCA();
    const leaf = await makeLeaf(ca);
    const root = await makeRepo({
      'pki/rootca.crt': ca.certPem,
      'pki/rootca.key': encryptKeyPkcs8(ca.keyPem, 'pw'),
      'pki/app/cert.key': leaf.keyPem,
      'pki/app/used.key.enc': encryptKeyPkcs8(leaf.keyPem, 'pw'),
      'docs/elsewhere.key': leaf.keyPem,
    });
    const findings = await scanForKeys({
      root,
      folders: ['pki', 'pki/app'],
      judgedElsewhere: new Set(['pki/app/used.key.enc']),
    });
    expect(findings.map((finding) => [finding.rule, finding.file, finding.line])).toEqual([
      ['secret.plaintext_key', 'pki/app/cert.key', 1],
      ['secret.unused_key', 'pki/rootca.key', 1],
    ]);
    expect(JSON.stringify(findings)).not.toContain(leaf.keyPem.split('\n')[1]);
  });
});

describe('keys in every form a repository can hold (made now, never committed)', () => {
  let folder: string;
  let rsa: Issued;
  let ec: Issued;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'aop-keys-'));
    const ca = await makeCA();
    rsa = await makeLeaf(ca, { key: { alg: 'rsa' } });
    ec = await makeLeaf(ca);
  });

  const der = (pem: string, type: 'pkcs8' | 'pkcs1' | 'sec1') =>
    new Uint8Array(createPrivateKey(pem).export({ type, format: 'der' }) as Buffer);

  /** `openssl pkcs12 -export` with the given password (empty: no password at all). */
  function pkcs12(issued: Issued, password: string): Uint8Array {
    writeFileSync(path.join(folder, 'key.pem'), issued.keyPem);
    writeFileSync(path.join(folder, 'cert.pem'), issued.certPem);
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        'key.pem',
        '-in',
        'cert.pem',
        '-out',
        'out.p12',
        '-passout',
        `pass:${password}`,
      ],
      { cwd: folder, stdio: 'pipe' },
    );
    return readFileSync(path.join(folder, 'out.p12'));
  }

  /** `ssh-keygen -t ed25519`, with or without a passphrase. */
  function openssh(passphrase: string): string {
    const file = path.join(folder, `id_${passphrase.length}`);
    rmSync(file, { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file], { stdio: 'pipe' });
    return readFileSync(file, 'utf8');
  }

  const kinds = (bytes: Uint8Array | string) =>
    findKeys(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);

  it.each([
    ['PKCS#8', () => der(rsa.keyPem, 'pkcs8')],
    ['PKCS#1 RSA', () => der(rsa.keyPem, 'pkcs1')],
    ['SEC1 EC', () => der(ec.keyPem, 'sec1')],
  ])('a plaintext key in DER (%s)', (_label, make) => {
    expect(kinds(make())).toEqual([{ kind: 'plaintext' }]);
  });

  it('an encrypted PKCS#8 key in DER is an encrypted key', () => {
    const encrypted = createPrivateKey(ec.keyPem).export({
      type: 'pkcs8',
      format: 'der',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as Buffer;
    expect(kinds(new Uint8Array(encrypted))).toEqual([{ kind: 'encrypted' }]);
  });

  it.each([
    ['no password', ''],
    ['a password', 'correct horse'],
  ])('a PKCS#12 file with %s is a committed key container', (_label, password) => {
    expect(kinds(pkcs12(ec, password))).toEqual([{ kind: 'container' }]);
  });

  it('a key inside a JSON string (escaped newlines), at its line', () => {
    const json = JSON.stringify({ name: 'app', tls: { key: ec.keyPem } }, null, 2);
    expect(json).not.toMatch(/^-----BEGIN/m);
    expect(kinds(json)).toEqual([{ line: 4, kind: 'plaintext' }]);
  });

  it('a key inside YAML strings, quoted with escapes or as a block', () => {
    const yaml = `a: "${ec.keyPem.replace(/\n/g, '\\n')}"\nb: |\n  ${rsa.keyPem.replace(/\n/g, '\n  ')}\n`;
    expect(kinds(yaml)).toEqual([
      { line: 1, kind: 'plaintext' },
      { line: 3, kind: 'plaintext' },
    ]);
  });

  it('an encrypted key inside a JSON string stays an encrypted key', () => {
    expect(kinds(JSON.stringify({ key: encryptKeyLegacy(rsa.keyPem, 'pw') }))).toEqual([
      { line: 1, kind: 'encrypted' },
    ]);
  });

  it.skipIf(!hasSshKeygen)('OpenSSH private keys: plaintext, or encrypted with a passphrase', () => {
    expect(kinds(openssh(''))).toEqual([{ line: 1, kind: 'plaintext' }]);
    expect(kinds(openssh('a passphrase'))).toEqual([{ line: 1, kind: 'encrypted' }]);
  });

  it('a certificate, in PEM or DER, and prose about keys are not keys', () => {
    expect(kinds(ec.certPem)).toEqual([]);
    expect(kinds(new Uint8Array(ec.cert.rawData))).toEqual([]);
    expect(kinds('Never commit a file that holds a PRIVATE KEY block.\n')).toEqual([]);
  });

  it('the scan reports each with file and line (none for DER), never quoting the key', async () => {
    const root = await makeRepo({
      'pki/app.der': der(ec.keyPem, 'pkcs8'),
      'pki/bundle.p12': pkcs12(ec, ''),
      'pki/config.json': JSON.stringify({ key: ec.keyPem }),
    });
    const findings = await scanForKeys({ root, folders: ['pki'], judgedElsewhere: new Set() });
    expect(findings.map((finding) => [finding.rule, finding.file, finding.line])).toEqual([
      ['secret.plaintext_key', 'pki/app.der', undefined],
      ['secret.plaintext_key', 'pki/bundle.p12', undefined],
      ['secret.plaintext_key', 'pki/config.json', 1],
    ]);
    expect(findings[1]?.message).toContain('PKCS#12');
    expect(JSON.stringify(findings)).not.toContain(ec.keyPem.split('\n')[1]);
  });
});
