import { describe, expect, it } from 'vitest';
import { gitBaseComparer, sameCertificates } from '../../src/inventory/base-copy.js';
import { makeCA, makeLeaf } from '../../test-support/pki.js';
import { commitAll, makeRepo, writeFiles } from '../../test-support/repo.js';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

describe('gitBaseComparer', () => {
  it('tells changed, unchanged and new files from the base commit, with one read of its tree', async () => {
    const root = await makeRepo({ 'pki/a.crt': 'A\n', 'pki/b.crt': 'B\n' });
    const base = commitAll(root, 'base');
    await writeFiles(root, { 'pki/b.crt': 'B2\n', 'pki/c.crt': 'C\n' });
    const compare = gitBaseComparer(root, base);
    expect(await compare('pki/a.crt', Buffer.from('A\n'))).toEqual({ known: true, changed: false });
    expect(await compare('pki/b.crt', Buffer.from('B2\n'))).toEqual({ known: true, changed: true });
    expect(await compare('pki/c.crt', Buffer.from('C\n'))).toEqual({ known: true, changed: true });
  });

  it('does not know when the checkout lacks the base commit', async () => {
    const root = await makeRepo({ 'a.crt': 'A\n' });
    commitAll(root, 'only');
    expect(await gitBaseComparer(root, 'f'.repeat(40))('a.crt', Buffer.from('A\n'))).toEqual({
      known: false,
    });
  });

  it('with eol=crlf, an unchanged certificate is unchanged (git stores LF) and a renewed one is changed', async () => {
    const ca = await makeCA();
    const [app, api, renewed] = await Promise.all([
      makeLeaf(ca, { dns: ['app.example.com'] }),
      makeLeaf(ca, { dns: ['api.example.com'] }),
      makeLeaf(ca, { dns: ['api.example.com'] }),
    ]);
    const root = await makeRepo({
      '.gitattributes': '*.crt text eol=crlf\n',
      'pki/app.crt': crlf(app.certPem),
      'pki/api.crt': crlf(api.certPem),
    });
    const base = commitAll(root, 'base');
    const compare = gitBaseComparer(root, base);
    expect(await compare('pki/app.crt', Buffer.from(crlf(app.certPem)))).toEqual({
      known: true,
      changed: false,
    });
    expect(await compare('pki/api.crt', Buffer.from(crlf(renewed.certPem)))).toEqual({
      known: true,
      changed: true,
    });
  });
});

describe('sameCertificates', () => {
  it('sees the same certificate through line endings, and tells different ones and non-certificates apart', async () => {
    const ca = await makeCA();
    const [one, two] = await Promise.all([makeLeaf(ca), makeLeaf(ca)]);
    expect(sameCertificates(Buffer.from(one.certPem), Buffer.from(crlf(one.certPem)))).toBe(true);
    expect(sameCertificates(Buffer.from(one.certPem), Buffer.from(two.certPem))).toBe(false);
    expect(sameCertificates(Buffer.from('A\n'), Buffer.from('A\r\n'))).toBe(false);
  });
});
