import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/parse.js';

const manifest = (zoneExtra: string, certificateExtra = '', topExtra = '') => `version: 1
zones:
  - zone: example.com
    origin-ca: pki/rootca.crt
${zoneExtra}    certificates:
      - name: app
        certificate: app.crt
        hostnames: [app.example.com]
${certificateExtra}      - name: api
        certificate: api.crt
        hostnames: [api.example.com]
${topExtra}`;

describe('manifest: origin and alerts', () => {
  it("gives each certificate its own origin, else the zone's, with port 443 and path / by default", async () => {
    const parsed = await parseManifest(
      'aop-certs.yml',
      manifest(
        '    origin: { address: 203.0.113.10 }\n',
        '        origin: { address: 198.51.100.7, port: 8443, path: /health }\n',
      ),
    );
    expect(parsed.findings).toEqual([]);
    const [app, api] = parsed.manifest!.zones[0]!.certificates;
    expect(app!.origin).toEqual({ address: '198.51.100.7', port: 8443, path: '/health' });
    expect(api!.origin).toEqual({ address: '203.0.113.10', port: 443, path: '/' });
    expect(
      (await parseManifest('aop-certs.yml', manifest(''))).manifest!.zones[0]!.certificates[0]!.origin,
    ).toBeUndefined();
  });

  it('refuses an origin without an address, a port out of range, or a path with spaces', async () => {
    for (const origin of [
      '{ port: 443 }',
      '{ address: 10.0.0.1, port: 70000 }',
      "{ address: 10.0.0.1, path: '/a b' }",
    ]) {
      const parsed = await parseManifest('aop-certs.yml', manifest(`    origin: ${origin}\n`));
      expect(parsed.manifest, origin).toBeUndefined();
      expect(parsed.findings.map((finding) => finding.rule)).toContain('manifest.schema');
    }
  });

  it('reads alerts with its line, and wants an account ID and at least one mechanism', async () => {
    const good = await parseManifest(
      'aop-certs.yml',
      manifest(
        '',
        '',
        'alerts:\n  account-id: 01a7362d577a6c3019a474fd6f485823\n  email: [oncall@example.com]\n',
      ),
    );
    expect(good.findings).toEqual([]);
    expect(good.manifest!.alerts).toEqual({
      accountId: '01a7362d577a6c3019a474fd6f485823',
      email: ['oncall@example.com'],
      webhooks: [],
      pagerduty: [],
      line: 12,
    });
    const none = await parseManifest(
      'aop-certs.yml',
      manifest('', '', 'alerts:\n  account-id: 01a7362d577a6c3019a474fd6f485823\n'),
    );
    expect(none.manifest).toBeUndefined();
    const badAccount = await parseManifest(
      'aop-certs.yml',
      manifest('', '', 'alerts:\n  account-id: nope\n  email: [a@b.c]\n'),
    );
    expect(badAccount.findings[0]?.rule).toBe('manifest.schema');
  });
});
