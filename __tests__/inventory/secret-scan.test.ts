import { describe, expect, it } from 'vitest';
import { scanForKeys, findKeyBlocks } from '../../src/inventory/secret-scan.js';
import { encryptKeyLegacy, encryptKeyPkcs8, makeCA, makeLeaf } from '../../test-support/pki.js';
import { makeRepo } from '../../test-support/repo.js';

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
