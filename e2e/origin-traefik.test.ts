/**
 * The documented Traefik snippet, run by Go's crypto/tls configured as Traefik configures it
 * from that snippet (test-support/origin/traefik-tls: Traefik has no Debian package). The cases
 * of each clientAuthType the docs' rollout uses, and a serverAuth-only leaf, which Go refuses
 * for its key usage as nginx does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailability, startOriginServer, type OriginServer } from '../test-support/origin/servers.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { findingsOf, type RunResult } from '../test-support/runner.js';
import { deployWorld, type DeployWorld } from './deploy-world.js';

const originFindings = (result: RunResult) => findingsOf(result, 'origin.');

const traefik = serverAvailability('traefik');

describe.skipIf(traefik.skip)(
  `origin probes against Traefik's TLS (Go crypto/tls)${traefik.skip ? ` (skipped: ${traefik.skip})` : ''}`,
  () => {
    let ca: Issued;
    let leaf: Issued;
    let server: OriginServer;
    let world: DeployWorld;
    const hostnames = ['app.example.com', 'api.example.com'];
    const origin = () => `    origin: { address: 127.0.0.1, port: ${server.port} }\n`;

    beforeAll(async () => {
      ca = await makeCA();
      leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
      server = await startOriginServer('traefik', { mode: 'on', trustedCaPem: ca.certPem, hostnames });
      world = await deployWorld();
      await world.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }], origin());
    });

    afterAll(async () => {
      await Promise.all([server?.close(), world?.close()]);
    });

    const verify = (inputs: Record<string, string> = {}) =>
      world.deploy({ command: 'verify-origin', ...inputs });

    it('the documented snippet (RequireAndVerifyClientCert, our CA): no certificate and a foreign one refused in the handshake, our leaf accepted', async () => {
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const result = await verify({ 'verify-origin': 'enforce' });
      expect(originFindings(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      // Go 1.19 (Debian 12) answers both with "bad certificate"; newer Go, as in Traefik's
      // releases, says "certificate required" and "unknown ca": all are refusals to the probe.
      expect(result.summary).toMatch(
        /\(a\) no client certificate \| 🔒 refused ✅ \| TLS: alert bad certificate/,
      );
      expect(result.summary).toMatch(
        /\(b\) a certificate from an unknown CA \| 🔒 refused ✅ \| TLS: alert bad certificate/,
      );
      expect(result.summary).toMatch(/the manifest's leaf \| 🔓 accepted ✅ \| HTTP 200/);
      const log = await server.errorLog();
      expect(log).toContain("tls: client didn't provide a certificate");
      expect(log).toContain('x509: certificate signed by unknown authority');
    });

    it('VerifyClientCertIfGiven (the rollout step): not enforced; Traefik does not name itself, so the fix points at the docs', async () => {
      await server.configure({ mode: 'optional', trustedCaPem: ca.certPem, hostnames });
      const result = await verify({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(1);
      const found = originFindings(result);
      expect(found.map((finding) => [finding.rule, finding.severity])).toEqual([
        ['origin.not_enforced', 'error'],
      ]);
      expect(found[0]!.message).toContain('HTTP 200');
      expect(found[0]!.message).not.toContain('Server:');
      expect(found[0]!.fix).toContain(
        'docs/origin-setup.md has tested snippets for nginx, Apache, HAProxy, Caddy and Traefik',
      );
    });

    it('RequireAnyClientCert: accepts a certificate from a CA it cannot trust', async () => {
      await server.configure({ mode: 'optional_no_ca', trustedCaPem: ca.certPem, hostnames });
      const result = await verify();
      expect(originFindings(result).map((finding) => finding.rule)).toEqual(['origin.accepts_foreign']);
    });

    it('NoClientCert: not enforced, and accepts a foreign certificate', async () => {
      await server.configure({ mode: 'off', trustedCaPem: ca.certPem, hostnames });
      const result = await verify();
      expect(originFindings(result).map((finding) => [finding.rule, finding.severity])).toEqual([
        ['origin.not_enforced', 'warning'],
        ['origin.accepts_foreign', 'warning'],
      ]);
    });

    it('a misspelt clientAuthType: Traefik builds no TLS config for the router and closes its connections, so even our leaf is refused', async () => {
      await server.configure({
        mode: 'on',
        trustedCaPem: ca.certPem,
        hostnames,
        edit: (text) => text.replace('RequireAndVerifyClientCert', 'RequireAndVerifyClientCerts'),
      });
      const result = await verify();
      const found = originFindings(result);
      expect(found.map((finding) => [finding.rule, finding.certificate])).toEqual([
        ['origin.refuses_leaf', 'app'],
      ]);
      expect(found[0]!.message).toContain('TLS: connection closed during the handshake');
      expect(await server.errorLog()).toContain('unknown client auth type "RequireAndVerifyClientCerts"');
    });

    it('a serverAuth-only leaf: Go refuses it for its key usage, and the report names the lint that predicted it', async () => {
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const serverOnly = await makeLeaf(ca, { dns: ['api.example.com'], eku: ['serverAuth'] });
      await world.commit(
        ca,
        [
          { name: 'app', leaf, hostnames: ['app.example.com'] },
          { name: 'api', leaf: serverOnly, hostnames: ['api.example.com'] },
        ],
        origin(),
      );
      const result = await verify();
      const refused = originFindings(result).filter((finding) => finding.rule === 'origin.refuses_leaf');
      expect(refused.map((finding) => finding.certificate)).toEqual(['api']);
      expect(refused[0]!.message).toContain('TLS: alert bad certificate');
      expect(refused[0]!.message).toContain('The lint eku.client_auth predicted this');
      expect(await server.errorLog()).toContain('x509: certificate specifies an incompatible key usage');
    });
  },
);
