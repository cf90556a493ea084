import { describe, expect, it } from 'vitest';
import { GitHubPermissionError } from '../../src/github/index.js';
import { useGitHubEmulator } from './harness.js';

const BASE_PEM = '-----BEGIN CERTIFICATE-----\n' + 'QUJD'.repeat(40) + '\n-----END CERTIFICATE-----\n';

describe('branchHead', () => {
  const h = useGitHubEmulator();

  it('reads the sha at the head of a branch, including one with a slash', async () => {
    h.repo.setBranch('main', 'a'.repeat(40)).setBranch('release/v1', 'b'.repeat(40));
    const github = h.client();
    await expect(github.branchHead('main')).resolves.toBe('a'.repeat(40));
    await expect(github.branchHead('release/v1')).resolves.toBe('b'.repeat(40));
    h.repo.setBranch('main', 'c'.repeat(40));
    await expect(github.branchHead('main')).resolves.toBe('c'.repeat(40));
  });

  it('is undefined for a branch that does not exist', async () => {
    await expect(h.client().branchHead('gone')).resolves.toBeUndefined();
  });

  it('is a permission error when the token is refused', async () => {
    await expect(h.client({ token: 'ghs_unknown' }).branchHead('main')).rejects.toBeInstanceOf(
      GitHubPermissionError,
    );
  });
});

describe('fileAtRef', () => {
  const h = useGitHubEmulator();

  it("reads the base branch's copy of a file", async () => {
    h.repo.setBranch('main', 'a'.repeat(40)).setFile('main', 'pki/app/cert.crt', BASE_PEM);
    await expect(h.client().fileAtRef('pki/app/cert.crt', 'main')).resolves.toBe(BASE_PEM);
  });

  it('reads a file at a sha', async () => {
    h.repo.setFile('d'.repeat(40), 'pki/app/cert.crt', 'at d');
    await expect(h.client().fileAtRef('pki/app/cert.crt', 'd'.repeat(40))).resolves.toBe('at d');
  });

  it('is undefined when the file or the ref is missing', async () => {
    h.repo.setBranch('main', 'a'.repeat(40)).setFile('main', 'pki/app/cert.crt', BASE_PEM);
    const github = h.client();
    await expect(github.fileAtRef('pki/new/cert.crt', 'main')).resolves.toBeUndefined();
    await expect(github.fileAtRef('pki/app/cert.crt', 'no-such-branch')).resolves.toBeUndefined();
    expect(h.emulator.requests.map((r) => r.status)).toEqual([404, 404]);
  });
});
