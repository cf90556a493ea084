import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/parse.js';

const VALID = `version: 1
zones:
  - zone: example.com
    zone-id: 023e105f4ecef8ad9ca31a8372d0c353
    origin-ca: pki/rootca.crt
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        private-key:
          env: AOP_KEY_APP
        hostnames: [app.example.com, WWW.example.com]
      - name: api
        certificate: pki/api/cert.crt
        private-key:
          file: pki/api/cert.key.enc
          passphrase-env: AOP_KEY_PASSPHRASE
        hostnames: [api.example.com]
        ignore: [subject.hostname]
`;

function certificates(count: number, hostnamesEach = 1): string {
  return Array.from({ length: count }, (_, index) => {
    const hosts = Array.from({ length: hostnamesEach }, (_, h) => `h${index}-${h}.example.com`).join(', ');
    return `      - name: c${index}\n        certificate: c${index}.crt\n        hostnames: [${hosts}]\n`;
  }).join('');
}

const zoneWith = (body: string) =>
  `version: 1\nzones:\n  - zone: example.com\n    origin-ca: ca.crt\n    certificates:\n${body}`;

describe('parseManifest', () => {
  it("reads a zone's own prune and delete-replaced, and leaves them unset when the zone does not say", async () => {
    const withOwn = await parseManifest(
      'aop-certs.yml',
      'version: 1\nzones:\n  - zone: example.com\n    origin-ca: ca.crt\n    prune: true\n    delete-replaced: false\n    certificates:\n' +
        certificates(1),
    );
    expect(withOwn.findings).toEqual([]);
    expect(withOwn.manifest!.zones[0]).toMatchObject({ prune: true, deleteReplaced: false });
    const without = (await parseManifest('aop-certs.yml', zoneWith(certificates(1)))).manifest!.zones[0]!;
    expect('prune' in without || 'deleteReplaced' in without).toBe(false);
    const wrong = await parseManifest(
      'aop-certs.yml',
      'version: 1\nzones:\n  - zone: example.com\n    origin-ca: ca.crt\n    prune: "yes"\n    certificates:\n' +
        certificates(1),
    );
    expect(wrong.findings.map((finding) => finding.rule)).toContain('manifest.schema');
  });

  it('reads a valid manifest, resolving paths against the manifest folder', async () => {
    const parsed = await parseManifest('infra/aop-certs.yml', VALID);
    expect(parsed.findings).toEqual([]);
    const zone = parsed.manifest!.zones[0]!;
    expect(zone.originCa).toBe('infra/pki/rootca.crt');
    expect(zone.certificates[0]).toMatchObject({
      name: 'app',
      certificate: 'infra/pki/app/cert.crt',
      extensions: 'infra/pki/app/cert.v3.ext',
      privateKey: { env: 'AOP_KEY_APP' },
      hostnames: ['app.example.com', 'www.example.com'],
      line: 7,
    });
    expect(zone.certificates[1]!.privateKey).toEqual({
      file: 'infra/pki/api/cert.key.enc',
      passphraseEnv: 'AOP_KEY_PASSPHRASE',
    });
    expect(zone.certificates[1]!.ignore).toEqual(['subject.hostname']);
  });

  it('reports YAML syntax errors at their line', async () => {
    const parsed = await parseManifest('aop-certs.yml', 'version: 1\nzones:\n  - zone: [unclosed\n');
    expect(parsed.manifest).toBeUndefined();
    expect(parsed.findings[0]).toMatchObject({
      rule: 'manifest.yaml',
      severity: 'error',
      file: 'aop-certs.yml',
    });
    expect(parsed.findings[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports an unknown key at the key’s own line, naming it', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      VALID.replace('        extensions:', '        extension:'),
    );
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({ rule: 'manifest.schema', line: 9 });
    expect(parsed.findings[0]!.message).toContain('"extension"');
  });

  it('reports wrong types and missing keys with lines', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      'version: 2\nzones:\n  - zone: example.com\n    origin-ca: ca.crt\n    ca-rollover: "yes"\n    certificates:\n      - name: a\n        certificate: a.crt\n',
    );
    const messages = parsed.findings.map((finding) => `${finding.line}: ${finding.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1: version must be 1/),
        expect.stringMatching(/^5: zones\[0\]\.ca-rollover must be of type boolean/),
        expect.stringMatching(/^7: zones\[0\]\.certificates\[0\] is missing "hostnames"/),
      ]),
    );
  });

  it('explains a malformed private-key once', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      VALID.replace('          env: AOP_KEY_APP', '          file: k.enc'),
    );
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]!.message).toMatch(/private-key must be either/);
    expect(parsed.findings[0]!.line).toBe(10);
  });

  it('reports duplicate names, duplicate hostnames and hostnames outside the zone', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      zoneWith(
        '      - name: a\n        certificate: a.crt\n        hostnames: [a.example.com, a.example.org]\n' +
          '      - name: a\n        certificate: b.crt\n        hostnames: [A.example.com]\n',
      ),
    );
    expect(parsed.findings.map((finding) => [finding.rule, finding.line])).toEqual([
      ['manifest.hostname_zone', 8],
      ['manifest.duplicate_name', 9],
      ['manifest.duplicate_hostname', 11],
    ]);
  });

  it('warns at exactly 10 certificates in a zone and fails past 10', async () => {
    const ten = await parseManifest('aop-certs.yml', zoneWith(certificates(10)));
    expect(ten.findings).toMatchObject([{ rule: 'manifest.zone_limit', severity: 'warning', line: 5 }]);
    const eleven = await parseManifest('aop-certs.yml', zoneWith(certificates(11)));
    expect(eleven.findings).toMatchObject([{ rule: 'manifest.zone_limit', severity: 'error', line: 5 }]);
  });

  it('fails a certificate with more than 100 hostnames', async () => {
    expect((await parseManifest('aop-certs.yml', zoneWith(certificates(1, 100)))).findings).toEqual([]);
    const parsed = await parseManifest('aop-certs.yml', zoneWith(certificates(1, 101)));
    expect(parsed.findings).toMatchObject([{ rule: 'manifest.hostname_limit', severity: 'error', line: 8 }]);
  });

  it('rejects a zone ID that is not 32 hex characters', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      VALID.replace('023e105f4ecef8ad9ca31a8372d0c353', 'example'),
    );
    expect(parsed.findings[0]!.message).toMatch(/zone-id is not valid \(a Cloudflare zone ID is 32/);
  });
});

describe('parseManifest: names are case-insensitive, as DNS is', () => {
  it('catches a duplicate hostname that differs only in case, and matches zones case-insensitively', async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      'version: 1\nzones:\n  - zone: Example.com\n    origin-ca: ca.crt\n    certificates:\n' +
        '      - name: a\n        certificate: a.crt\n        hostnames: [app.example.com]\n' +
        '      - name: b\n        certificate: b.crt\n        hostnames: [App.EXAMPLE.com]\n',
    );
    expect(parsed.findings.map((finding) => finding.rule)).toEqual(['manifest.duplicate_hostname']);
    expect(parsed.manifest!.zones[0]!.zone).toBe('example.com');
  });

  it('refuses two zones with the same zone-id', async () => {
    const zone = (name: string) =>
      `  - zone: ${name}\n    zone-id: 023e105f4ecef8ad9ca31a8372d0c353\n    origin-ca: ca.crt\n    certificates: []\n`;
    const parsed = await parseManifest(
      'aop-certs.yml',
      `version: 1\nzones:\n${zone('a.com')}${zone('b.com')}`,
    );
    expect(parsed.findings).toMatchObject([
      { rule: 'manifest.duplicate_zone_id', severity: 'error', line: 8 },
    ]);
  });
});

describe('a hostile manifest', () => {
  it('an alias bomb is one finding at the first alias, not an error of the run', async () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const bomb = levels
      .map((name, index) =>
        index === 0
          ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[index - 1]}`)
              .join(', ')}]`,
      )
      .join('\n');
    const parsed = await parseManifest('aop-certs.yml', `${bomb}\n${VALID}`);
    expect(parsed.manifest).toBeUndefined();
    expect(parsed.findings).toEqual([
      expect.objectContaining({ rule: 'manifest.yaml', severity: 'error', file: 'aop-certs.yml', line: 2 }),
    ]);
  });

  it('a few aliases, as a person writes them, are read', async () => {
    const text = VALID.replace('hostnames: [api.example.com]', 'hostnames: &api [api.example.com]');
    const parsed = await parseManifest('aop-certs.yml', `${text}x-spare: *api\n`);
    expect(parsed.findings.filter((found) => found.rule === 'manifest.yaml')).toEqual([]);
  });
});
