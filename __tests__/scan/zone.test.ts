import { describe, expect, it } from 'vitest';
import { scanZone } from '../../src/scan/zone.js';
import { association, entry, input, POLICY, remoteCert, repoCert } from './support.js';

const app = entry('app', ['app.example.com']);

describe('one zone', () => {
  it('a healthy zone: no items, and the row carries Cloudflare id and status', () => {
    const scan = scanZone(
      input(
        [repoCert(app, 'sha-app', 200)],
        [remoteCert('id-app', 'sha-app')],
        [association('app.example.com', 'id-app')],
      ),
      POLICY,
    );
    expect(scan.items).toEqual([]);
    expect(scan.rows).toEqual([
      expect.objectContaining({
        name: 'app',
        id: 'id-app',
        status: 'active',
        daysLeft: 200,
        file: 'pki/app.crt',
      }),
    ]);
  });

  it('reports a repository certificate near expiry even when it is not deployed, with the renewal recipe', () => {
    const scan = scanZone(input([repoCert(app, 'sha-app', 20)], [], []), POLICY);
    const expiring = scan.items.find((item) => item.rule === 'expiry.warn')!;
    expect(expiring).toMatchObject({
      level: 'warning',
      todo: 'renew',
      certificate: 'app',
      file: 'pki/app.crt',
    });
    expect(expiring.certId).toBeUndefined();
    expect(expiring.action).toContain(
      '-CA pki/rootca.crt -CAkey rootca.key -CAcreateserial -out pki/app.crt',
    );
    expect(scan.items.map((item) => item.rule)).toContain('scan.hostname_not_served');
    expect(scan.rows[0]).toMatchObject({ id: undefined, status: undefined });
  });

  it('an owned certificate the manifest does not name is an orphan; one of another CA serving nothing of ours is left alone', () => {
    const scan = scanZone(
      input(
        [repoCert(app, 'sha-app', 200)],
        [
          remoteCert('id-app', 'sha-app'),
          remoteCert('id-orphan', 'sha-orphan', { days: -3 }),
          remoteCert('id-theirs', 'sha-theirs', { owned: false }),
        ],
        [association('app.example.com', 'id-app'), association('team-b.example.com', 'id-theirs')],
      ),
      POLICY,
    );
    expect(scan.items).toEqual([
      expect.objectContaining({
        rule: 'scan.orphan',
        level: 'warning',
        todo: 'redeploy',
        certId: 'id-orphan',
        line: 3,
      }),
    ]);
    expect(scan.items[0]!.message).toContain('It expired on');
    // Deploy deletes an owned certificate no hostname holds (delete-replaced): that is the advice.
    expect(scan.items[0]!.action).toMatch(/^Re-run deploy.*delete-replaced/);
    const kept = scanZone(
      input(
        [repoCert(app, 'sha-app', 200)],
        [remoteCert('id-app', 'sha-app'), remoteCert('id-orphan', 'sha-orphan')],
        [association('app.example.com', 'id-app')],
      ),
      { ...POLICY, deleteReplaced: false },
    );
    expect(kept.items).toEqual([expect.objectContaining({ rule: 'scan.orphan', todo: 'remove' })]);
    expect(kept.items[0]!.action).toMatch(/^Remove it/);
    expect(scan.rows.map((row) => row.name)).toEqual(['app', '(orphan id-orpha)']);
    expect(scan.othersLeftAlone).toBe(1);
  });

  it('an expired certificate still associated is critical, whoever it belongs to', () => {
    const scan = scanZone(
      input(
        [repoCert(app, 'sha-app', 200)],
        [remoteCert('id-app', 'sha-app'), remoteCert('id-old', 'sha-old', { days: -1 })],
        [association('app.example.com', 'id-old')],
      ),
      POLICY,
    );
    expect(scan.items.map((item) => [item.rule, item.level, item.certId, item.todo])).toEqual([
      ['scan.hostname_drift', 'warning', 'id-old', 'redeploy'],
      ['expiry.expired', 'critical', 'id-old', 'redeploy'],
    ]);
  });

  it('ignores copies on their way out, and reports stuck ones once', () => {
    const scan = scanZone(
      input(
        [repoCert(app, 'sha-app', 200)],
        [
          remoteCert('id-app', 'sha-app'),
          remoteCert('id-leaving', 'sha-leaving', { status: 'pending_deletion' }),
          remoteCert('id-stuck', 'sha-stuck', { status: 'deletion_timed_out' }),
          remoteCert('id-retry', 'sha-app', { status: 'deployment_timed_out' }),
        ],
        [association('app.example.com', 'id-app')],
      ),
      POLICY,
    );
    expect(scan.items.map((item) => [item.rule, item.certId, item.todo])).toEqual([
      ['scan.timed_out', 'id-retry', 'redeploy'],
      ['scan.timed_out', 'id-stuck', 'remove'],
    ]);
    expect(scan.rows.find((row) => row.name === 'app')!.id).toBe('id-app');
  });

  it('a zone Cloudflare did not answer for is critical; its repository certificates are still checked', () => {
    const scan = scanZone(
      { ...input([repoCert(app, 'sha-app', 5)], [], []), remote: undefined, readError: 'HTTP 403 (10000)' },
      POLICY,
    );
    expect(scan.items.map((item) => [item.rule, item.level, item.todo])).toEqual([
      ['expiry.critical', 'critical', 'renew'],
      ['cloudflare.unreadable', 'critical', 'investigate'],
    ]);
    expect(scan.items[1]!.message).toContain('HTTP 403 (10000)');
  });
});
