/**
 * The seed's end state on this machine: the emulator as Cloudflare's edge in front of a real nginx
 * that enforces mTLS. After deploy, a request through "Cloudflare" gets the origin's answer (the
 * edge presents the associated certificate and key); the same request straight to the origin,
 * without the certificate, is refused; a hostname with no association is refused even through the edge.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchThroughEdge, startEdge, type Edge } from '../test-support/cloudflare/edge.js';
import { serverAvailability, startOriginServer, type OriginServer } from '../test-support/origin/servers.js';
import { makeCA, makeLeaf } from '../test-support/pki.js';
import { deployWorld, ZONE_ID, type DeployWorld } from './deploy-world.js';

function direct(port: number, hostname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: hostname,
        headers: { host: hostname },
        rejectUnauthorized: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const nginx = serverAvailability('nginx');

describe.skipIf(nginx.skip)(
  `the emulator as the edge${nginx.skip ? ` (skipped: ${nginx.skip})` : ''}`,
  () => {
    let server: OriginServer;
    let world: DeployWorld;
    let edge: Edge;

    beforeAll(async () => {
      const ca = await makeCA();
      const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
      const hostnames = ['app.example.com', 'www.example.com'];
      server = await startOriginServer('nginx', { mode: 'on', trustedCaPem: ca.certPem, hostnames });
      world = await deployWorld();
      edge = await startEdge(world.cf, ZONE_ID);
      for (const hostname of hostnames) edge.setOrigin(hostname, { address: '127.0.0.1', port: server.port });
      await world.commit(
        ca,
        [{ name: 'app', leaf, hostnames: ['app.example.com'] }],
        `    origin: { address: 127.0.0.1, port: ${server.port} }\n`,
      );
    });

    afterAll(async () => {
      await Promise.all([edge?.close(), server?.close(), world?.close()]);
    });

    it('before deploy the origin refuses Cloudflare too; after it, through Cloudflare the origin answers', async () => {
      const before = await fetchThroughEdge(edge, 'app.example.com');
      expect(before.status).toBe(400);
      expect(before.body).toContain('No required SSL certificate was sent');

      const deployed = await world.deploy({ 'verify-origin': 'enforce' });
      expect(deployed.exitCode).toBe(0);

      const through = await fetchThroughEdge(edge, 'app.example.com');
      expect(through).toMatchObject({ status: 200, body: 'origin ok' });
    });

    it('directly, without the certificate, the origin refuses; a hostname with no association is refused through the edge', async () => {
      const straight = await direct(server.port, 'app.example.com');
      expect(straight.status).toBe(400);
      expect(straight.body).toContain('No required SSL certificate was sent');
      const unassociated = await fetchThroughEdge(edge, 'www.example.com');
      expect(unassociated.status).toBe(400);
    });
  },
);
