import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtFileCache } from '../../src/inventory/extensions.js';

describe('extension files shared by many certificates', () => {
  it('are read and parsed once per run, and a missing one is reported the same way each time', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'aop-extfile-cache-'));
    try {
      await writeFile(path.join(root, 'cert.v3.ext'), 'basicConstraints = CA:FALSE\n');
      const cache = new ExtFileCache(root);
      const first = cache.read('cert.v3.ext');
      expect(first.ok && first.parsed.extensions.map((extension) => extension.name)).toEqual([
        'basicConstraints',
      ]);
      // Rewritten on disk: a second certificate naming the file still gets the first parse.
      await writeFile(path.join(root, 'cert.v3.ext'), 'keyUsage = digitalSignature\n');
      expect(cache.read('cert.v3.ext')).toBe(first);
      expect(cache.read('missing.ext')).toMatchObject({ ok: false, problem: 'missing' });
      expect(new ExtFileCache(root).read('cert.v3.ext')).not.toEqual(first);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
