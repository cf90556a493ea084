import { describe, expect, it } from 'vitest';
import { proposalBranch } from '../../src/github/proposal-session.js';
import {
  deriveName,
  importZone,
  keyVariable,
  manifestWith,
  parseZoneTarget,
} from '../../src/import/entries.js';
import { parseManifest } from '../../src/manifest/parse.js';

const ID = '023e105f4ecef8ad9ca31a8372d0c353';

describe('import entries', () => {
  it('reads zone IDs and name=id pairs, and nothing else', async () => {
    expect(parseZoneTarget(ID)).toEqual({ id: ID });
    expect(parseZoneTarget(` Example.com = ${ID} `)).toEqual({ id: ID, name: 'example.com' });
    expect(parseZoneTarget('example.com')).toBeUndefined();
    expect(parseZoneTarget(`not a zone=${ID}`)).toBeUndefined();
    expect(parseZoneTarget(ID.toUpperCase())).toBeUndefined();
  });

  it('derives unique manifest names from common names', async () => {
    const taken = new Set<string>();
    const names = [
      'app.example.com',
      'app.example.com',
      '*.example.com',
      'example.com',
      'Ops Team (EU)',
      undefined,
    ].map((cn) => deriveName(cn, 'example.com', taken));
    expect(names).toEqual(['app', 'app-2', 'wildcard', 'apex', 'ops-team-eu', 'certificate']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
    expect(keyVariable('example.com', 'app-2')).toBe('AOP_KEY_EXAMPLE_COM_APP_2');
  });

  it('names the branch after the manifest when it is not the default one', async () => {
    expect(proposalBranch('renew', 'aop-certs.yml')).toBe('aop-certs/renew');
    expect(proposalBranch('import', 'infra/edge certs.yml')).toBe('aop-certs/import-infra-edge-certs.yml');
  });
});

describe('manifestWith', () => {
  const zone = importZone('infra/aop-certs.yml', 'example.com', ID, []);
  zone.certificates.push({
    name: 'app',
    cloudflareId: 'c1',
    manifestPath: 'pki/example.com/app.crt',
    repoPath: 'infra/pki/example.com/app.crt',
    pem: '',
    hostnames: ['app.example.com', 'www.example.com'],
    keyVariable: 'AOP_KEY_EXAMPLE_COM_APP',
    subject: 'CN=app.example.com',
    issuer: 'CN=CA',
    serial: '01',
    sha256: '00',
    notAfter: new Date(),
  });

  it('appends to an existing manifest, keeping its comments, and the result is a valid manifest', async () => {
    const existing =
      '# edge certificates\nversion: 1\nzones:\n  - zone: other.com # kept\n    origin-ca: ca.crt\n    certificates: []\n';
    const text = manifestWith(existing, [zone]);
    expect(text.startsWith('# edge certificates\n')).toBe(true);
    expect(text).toContain('  - zone: other.com # kept\n');
    const parsed = await parseManifest('infra/aop-certs.yml', text);
    expect(parsed.findings).toEqual([]);
    const imported = parsed.manifest!.zones[1]!;
    expect(imported.originCa).toBe('infra/pki/example.com/origin-ca.crt');
    expect(imported.certificates[0]).toMatchObject({
      name: 'app',
      certificate: 'infra/pki/example.com/app.crt',
      privateKey: { env: 'AOP_KEY_EXAMPLE_COM_APP' },
      hostnames: ['app.example.com', 'www.example.com'],
    });
  });

  it('writes a new manifest in block style, hostname lists on one line', async () => {
    const text = manifestWith(undefined, [zone]);
    expect(text).toContain('version: 1\nzones:\n');
    expect(text).toContain('        private-key:\n          env: AOP_KEY_EXAMPLE_COM_APP\n');
    expect(text).toContain('        hostnames: [app.example.com, www.example.com]\n');
    expect((await parseManifest('aop-certs.yml', text)).findings).toEqual([]);
  });
});
