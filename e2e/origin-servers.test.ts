/**
 * The documented snippets for Apache, HAProxy and Caddy, run by the real servers: enforced, every
 * probe passes; with client certificates optional, the probe says "not enforced". Each refuses in
 * its own way (a TLS alert rather than nginx's HTTP 400), which the probe must read as a refusal.
 * nginx has origin.test.ts, Traefik's stand-in origin-traefik.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  serverAvailability,
  startOriginServer,
  type LaunchableServer,
  type OriginServer,
} from '../test-support/origin/servers.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import type { RunResult } from '../test-support/runner.js';
import { deployWorld, type DeployWorld } from './deploy-world.js';

const originRules = (result: RunResult) =>
  (JSON.parse(result.outputs.findings ?? '[]') as { rule: string }[])
    .map((finding) => finding.rule)
    .filter((rule) => rule.startsWith('origin.'));

const REFUSALS: Record<Exclude<LaunchableServer, 'nginx' | 'traefik'>, RegExp> = {
  apache: /TLS: alert certificate required/,
  haproxy: /TLS: alert certificate required/,
  caddy: /TLS: alert bad certificate/,
};

for (const kind of ['apache', 'haproxy', 'caddy'] as const) {
  const availability = serverAvailability(kind);
  describe.skipIf(availability.skip)(
    `origin probes against ${kind}${availability.skip ? ` (skipped: ${availability.skip})` : ''}`,
    () => {
      let ca: Issued;
      let server: OriginServer;
      let world: DeployWorld;
      const hostnames = ['app.example.com'];

      beforeAll(async () => {
        ca = await makeCA();
        const leaf = await makeLeaf(ca, { dns: hostnames });
        server = await startOriginServer(kind, { mode: 'on', trustedCaPem: ca.certPem, hostnames });
        world = await deployWorld();
        await world.commit(
          ca,
          [{ name: 'app', leaf, hostnames }],
          `    origin: { address: 127.0.0.1, port: ${server.port} }\n`,
        );
      });

      afterAll(async () => {
        await Promise.all([server?.close(), world?.close()]);
      });

      it('the documented snippet: every probe passes', async () => {
        const result = await world.deploy({ command: 'verify-origin', 'verify-origin': 'enforce' });
        expect(originRules(result)).toEqual([]);
        expect(result.exitCode).toBe(0);
        expect(result.summary).toMatch(REFUSALS[kind]);
        expect(result.summary).toMatch(/the manifest's leaf \| 🔓 accepted ✅ \| HTTP 200/);
      });

      it('client certificates optional: not enforced', async () => {
        await server.configure({ mode: 'optional', trustedCaPem: ca.certPem, hostnames });
        const result = await world.deploy({ command: 'verify-origin', 'verify-origin': 'enforce' });
        expect(originRules(result)).toEqual(['origin.not_enforced']);
        expect(result.exitCode).toBe(1);
      });
    },
  );
}
