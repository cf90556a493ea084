import { describe, expect, it } from 'vitest';
import { indexAssociations } from '../../src/scan/associations.js';
import { hostnameItems } from '../../src/scan/hostnames.js';
import type { HostnameAssociation } from '../../src/cloudflare/index.js';
import type { RemoteCertificate } from '../../src/scan/types.js';
import { association, entry, remoteCert, zoneOf } from './support.js';

const app = entry('app', ['app.example.com', 'www.example.com']);
const ours = remoteCert('id-app', 'sha-app');

function itemsFor(associations: HostnameAssociation[], certificates: RemoteCertificate[] = [ours]) {
  return hostnameItems({
    zone: zoneOf([app]),
    manifestFile: 'aop-certs.yml',
    certificate: app,
    sha256: 'sha-app',
    associations: indexAssociations(associations),
    certificates,
  });
}

describe('hostnames of a manifest certificate', () => {
  it('reports nothing when every hostname is served by the manifest certificate (any case)', () => {
    expect(
      itemsFor([association('APP.example.com', 'id-app'), association('www.example.com', 'id-app')]),
    ).toEqual([]);
  });

  it('groups hostnames that are not served, saying why for each', () => {
    const items = itemsFor([
      association('app.example.com', 'id-app', { enabled: false }),
      association('www.example.com', 'id-app', { enabled: null, status: 'deleted' }),
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      rule: 'scan.hostname_not_served',
      level: 'critical',
      todo: 'redeploy',
      hostnames: ['app.example.com', 'www.example.com'],
      file: 'aop-certs.yml',
      line: 10,
    });
    expect(items[0]!.message).toContain(
      'app.example.com (association disabled), www.example.com (association voided)',
    );
  });

  it('prefers the live association over a voided one listed with status=all, in either order', () => {
    const voided = (hostname: string) =>
      association(hostname, 'id-old', { enabled: null, status: 'deleted' });
    const items = itemsFor([
      voided('app.example.com'),
      association('app.example.com', 'id-app'),
      association('www.example.com', 'id-app'),
      voided('www.example.com'),
    ]);
    expect(items).toEqual([]);
  });

  it('tells an older certificate of the repository from one under another CA', () => {
    const older = remoteCert('id-older', 'sha-older');
    const foreign = remoteCert('id-foreign', 'sha-foreign', { owned: false });
    const items = itemsFor(
      [association('app.example.com', 'id-older'), association('www.example.com', 'id-foreign')],
      [ours, older, foreign],
    );
    expect(items.map((item) => [item.rule, item.level, item.certId, item.hostnames])).toEqual([
      ['scan.hostname_drift', 'warning', 'id-older', ['app.example.com']],
      ['scan.hostname_drift', 'warning', 'id-foreign', ['www.example.com']],
    ]);
    expect(items[0]!.message).toContain('an older certificate of this repository');
    expect(items[1]!.message).toContain('not signed by pki/rootca.crt');
  });

  it('reports an association stuck in a timed-out status, and one pointing at a certificate that is gone', () => {
    const items = itemsFor([
      association('app.example.com', 'id-app', { status: 'deployment_timed_out' }),
      association('www.example.com', 'id-gone'),
    ]);
    expect(items.map((item) => [item.rule, item.hostnames])).toEqual([
      ['scan.hostname_not_served', ['www.example.com']],
      ['scan.timed_out', ['app.example.com']],
    ]);
    expect(items[0]!.message).toContain('points at id-gone, which Cloudflare no longer lists');
  });
});
