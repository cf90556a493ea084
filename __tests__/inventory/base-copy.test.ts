import { describe, expect, it } from 'vitest';
import { gitBaseComparer } from '../../src/inventory/base-copy.js';
import { commitAll, makeRepo, writeFiles } from '../../test-support/repo.js';

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
});
