/**
 * The origin probes against a real nginx on loopback, one server reconfigured per case: the
 * documented `ssl_verify_client on` with our CA, `optional`, `off`, `optional_no_ca`, another
 * CA (deploy points nothing at the refused leaf), a serverAuth-only leaf, an unreachable port.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { JOB_TOKEN } from '../test-support/github/index.js';
import {
  freePort,
  serverAvailability,
  startOriginServer,
  type OriginServer,
} from '../test-support/origin/servers.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { findingsOf, keyLines, runAction, visibleText, type RunResult } from '../test-support/runner.js';
import { deployWorld, REPOSITORY, ZONE_ID, type DeployWorld } from './deploy-world.js';

const findings = (result: RunResult) => findingsOf(result);
const originFindings = (result: RunResult) => findingsOf(result, 'origin.');

const nginx = serverAvailability('nginx');

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(nginx.skip)(
  `origin probes against nginx${nginx.skip ? ` (skipped: ${nginx.skip})` : ''}`,
  () => {
    let ca: Issued;
    let otherCa: Issued;
    let leaf: Issued;
    let server: OriginServer;
    let world: DeployWorld;
    /** origin-ca listing both CAs: certificates of either are ours. */
    let bothCas: Issued;
    const hostnames = ['app.example.com', 'api.example.com'];
    const origin = () => `    origin: { address: 127.0.0.1, port: ${server.port} }\n`;

    beforeAll(async () => {
      ca = await makeCA();
      otherCa = await makeCA({ cn: 'Another Team CA' });
      bothCas = { ...ca, certPem: ca.certPem + otherCa.certPem };
      leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
      server = await startOriginServer('nginx', { mode: 'on', trustedCaPem: ca.certPem, hostnames });
      world = await deployWorld();
      await world.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }], origin());
    });

    afterAll(async () => {
      await Promise.all([server?.close(), world?.close()]);
    });

    /** A world of its own for one test, closed after it. */
    const ownWorld = async (options: Parameters<typeof deployWorld>[0] = {}) => {
      const own = await deployWorld(options);
      onTestFinished(() => own.close());
      return own;
    };
    /** A certificate of `issuer` that Cloudflare serves for `hostname` before the run; its ID. */
    const serving = async (own: DeployWorld, issuer: Issued, hostname: string) =>
      own.cf.seedCertificate(ZONE_ID, (await makeLeaf(issuer, { dns: [hostname] })).certPem, {
        hostnames: [hostname],
      });

    const verify = (inputs: Record<string, string> = {}) =>
      world.deploy({ command: 'verify-origin', ...inputs });

    it('ssl_verify_client on with our CA: all three probes pass, each answer in the summary', async () => {
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const result = await verify({ 'verify-origin': 'enforce' });
      expect(originFindings(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.summary).toContain('### Origin probes');
      expect(result.summary).toContain('No required SSL certificate was sent');
      expect(result.summary).toContain('The SSL certificate error');
      expect(result.summary).toMatch(/the manifest's leaf \| 🔓 accepted ✅ \| HTTP 200 OK/);
      // The key served only the handshake: no line of it anywhere a user could see.
      for (const line of keyLines(leaf.keyPem)) expect(visibleText(result)).not.toContain(line);
    });

    it('optional: not enforced, an error under enforce with the nginx fix', async () => {
      await server.configure({ mode: 'optional', trustedCaPem: ca.certPem, hostnames });
      const result = await verify({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(1);
      const found = originFindings(result);
      expect(found.map((finding) => [finding.rule, finding.severity])).toEqual([
        ['origin.not_enforced', 'error'],
      ]);
      expect(found[0]!.message).toContain('HTTP 200 OK');
      expect(found[0]!.fix).toContain('ssl_verify_client on;');
      expect(found[0]!.fix).toContain('docs/origin-setup.md#nginx');
    });

    it('off: not enforced and accepts a foreign certificate, warnings under the default warn', async () => {
      await server.configure({ mode: 'off', trustedCaPem: ca.certPem, hostnames });
      const result = await verify();
      expect(result.exitCode).toBe(0);
      expect(originFindings(result).map((finding) => [finding.rule, finding.severity])).toEqual([
        ['origin.not_enforced', 'warning'],
        ['origin.accepts_foreign', 'warning'],
      ]);
    });

    it('optional_no_ca: accepts a certificate from a CA it cannot trust', async () => {
      await server.configure({ mode: 'optional_no_ca', trustedCaPem: ca.certPem, hostnames });
      const result = await verify();
      expect(originFindings(result).map((finding) => finding.rule)).toContain('origin.accepts_foreign');
      expect(originFindings(result).map((finding) => finding.rule)).not.toContain('origin.refuses_leaf');
    });

    it('on with a CA that is not ours: deploy points no hostname at the refused leaf; the old certificate keeps serving', async () => {
      await server.configure({ mode: 'on', trustedCaPem: otherCa.certPem, hostnames });
      const old = await makeLeaf(otherCa, { dns: ['app.example.com'] });
      const oldId = world.cf.seedCertificate(ZONE_ID, old.certPem, { hostnames: ['app.example.com'] });
      world.cf.clearRequestLog();
      const result = await world.deploy({ 'verify-origin': 'warn' });
      expect(result.exitCode).toBe(1);
      const refused = originFindings(result).find((finding) => finding.rule === 'origin.refuses_leaf');
      expect(refused).toMatchObject({ severity: 'error', certificate: 'app' });
      expect(refused!.message).toContain('The SSL certificate error');
      expect(refused!.fix).toContain('to the CA file the origin trusts');
      expect(world.cf.writeCount()).toBe(0);
      expect(world.cf.associations(ZONE_ID)).toEqual([
        expect.objectContaining({ hostname: 'app.example.com', certId: oldId, enabled: true }),
      ]);
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.id)).toEqual([oldId]);
    });

    it('a refused leaf holds only its own certificate: the rest of the zone deploys', async () => {
      const world = await ownWorld();
      // The origin trusts `ca` only; origin-ca lists both CAs, so both old certificates are ours.
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const appOld = await serving(world, otherCa, 'app.example.com');
      const apiOld = await serving(world, otherCa, 'api.example.com');
      const appNew = await makeLeaf(otherCa, { dns: ['app.example.com'] });
      const apiNew = await makeLeaf(ca, { dns: ['api.example.com'] });
      await world.commit(
        bothCas,
        [
          { name: 'app', leaf: appNew, hostnames: ['app.example.com'] },
          { name: 'api', leaf: apiNew, hostnames: ['api.example.com'] },
        ],
        origin(),
      );
      const result = await world.deploy({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(1);
      const refused = originFindings(result).filter((finding) => finding.rule === 'origin.refuses_leaf');
      expect(refused.map((finding) => [finding.certificate, finding.severity])).toEqual([['app', 'error']]);
      // api moved to the CA the origin accepted (no ca-rollover needed); its old certificate is gone.
      const uploaded = JSON.parse(result.outputs.uploaded ?? '[]') as string[];
      expect(uploaded).toHaveLength(1);
      const served = new Map(
        world.cf.associations(ZONE_ID).map((association) => [association.hostname, association.certId]),
      );
      expect(served.get('api.example.com')).toBe(uploaded[0]);
      // app's leaf was refused before anything was written for it: not uploaded, its old one serves.
      expect(served.get('app.example.com')).toBe(appOld);
      expect(
        world.cf
          .certificates(ZONE_ID)
          .map((certificate) => certificate.id)
          .sort(),
      ).toEqual([appOld, uploaded[0]].sort());
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.id)).not.toContain(apiOld);
      const [zone] = JSON.parse(result.outputs.plan ?? '[]') as {
        blocked?: string;
        held?: string[];
        steps: { kind: string; description: string; outcome: string; detail?: string }[];
      }[];
      expect(zone!.blocked).toBeUndefined();
      expect(zone!.held).toHaveLength(1);
      expect(zone!.held![0]).toMatch(/^app is held: the origin refused app's leaf/);
      const outcomes = zone!.steps.map((step) => [step.kind, step.outcome]);
      // app's upload and association, and the deletion of the certificate it would replace.
      expect(outcomes.filter(([, outcome]) => outcome === 'held')).toEqual([
        ['upload', 'held'],
        ['associate', 'held'],
        ['delete', 'held'],
      ]);
      expect(outcomes.filter(([, outcome]) => outcome === 'done').map(([kind]) => kind)).toEqual([
        'upload',
        'associate',
        'delete',
      ]);
      expect(result.summary).toContain('✋ held');
    });

    it('the gate right before pointing: an origin that stops trusting the leaf while it activates holds it; a re-run finishes', async () => {
      // Cloudflare takes a while to activate an upload; the origin changes in between.
      const world = await ownWorld({ activationMs: 3000 });
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const oldId = await serving(world, ca, 'app.example.com');
      await world.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }], origin());
      const running = world.deploy({ 'verify-origin': 'enforce' });
      await waitFor(() => world.cf.requestLog.some((entry) => entry.method === 'POST' && entry.write));
      await server.configure({ mode: 'on', trustedCaPem: otherCa.certPem, hostnames });
      const result = await running;
      expect(result.exitCode).toBe(1);
      expect(originFindings(result).map((finding) => [finding.rule, finding.certificate])).toContainEqual([
        'origin.refuses_leaf',
        'app',
      ]);
      const [uploaded] = JSON.parse(result.outputs.uploaded ?? '[]') as string[];
      expect(uploaded).toBeDefined();
      // Uploaded and active, but no hostname points at it: the old certificate serves.
      expect(world.cf.associations(ZONE_ID)).toEqual([
        expect.objectContaining({ hostname: 'app.example.com', certId: oldId, enabled: true }),
      ]);
      expect(
        world.cf
          .certificates(ZONE_ID)
          .map((certificate) => certificate.id)
          .sort(),
      ).toEqual([oldId, uploaded].sort());
      const [zone] = JSON.parse(result.outputs.plan ?? '[]') as {
        steps: { kind: string; outcome: string }[];
      }[];
      expect(zone!.steps.map((step) => [step.kind, step.outcome])).toEqual([
        ['upload', 'done'],
        ['associate', 'held'],
        ['delete', 'held'],
      ]);
      const summary = result.summary;
      // Uploaded and active, but no row or table says its hostnames are on it.
      expect(summary).toMatch(/held for the origin: `app\.example\.com` not pointed at it/);
      expect(summary).toContain('### Origin probes before anything is written');
      expect(summary).toContain('### Origin probes before pointing hostnames at new leaves');

      // The origin is fixed; the re-run points the hostname and deletes the old one: where one
      // uninterrupted run would have ended.
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      world.cf.clearRequestLog();
      const rerun = await world.deploy({ 'verify-origin': 'enforce' });
      expect(rerun.exitCode).toBe(0);
      expect(world.cf.writeCount()).toBe(2);
      expect(world.cf.associations(ZONE_ID)).toEqual([
        expect.objectContaining({ hostname: 'app.example.com', certId: uploaded, enabled: true }),
      ]);
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.id)).toEqual([uploaded]);
    });

    it('on with our CA: deploy probes the new leaf before pointing, then (a) and (b) after', async () => {
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      // origin-ca lists both CAs, so the serving certificate (other CA) is ours and the move is a CA
      // change; the origin accepting the new leaf stands in for the ca-rollover acknowledgement.
      await world.commit(bothCas, [{ name: 'app', leaf, hostnames: ['app.example.com'] }], origin());
      const result = await world.deploy({ 'verify-origin': 'enforce', 'delete-replaced': 'false' });
      expect(originFindings(result)).toEqual([]);
      expect(findings(result)).toContainEqual(
        expect.objectContaining({ rule: 'plan.ca_change', severity: 'notice' }),
      );
      expect(result.exitCode).toBe(0);
      const served = world.cf
        .associations(ZONE_ID)
        .find((association) => association.hostname === 'app.example.com');
      const uploaded = JSON.parse(result.outputs.uploaded ?? '[]') as string[];
      expect(uploaded).toHaveLength(1);
      expect(served?.certId).toBe(uploaded[0]);
      const probes = result.summary.slice(result.summary.indexOf('### Origin probes'));
      expect(probes).toContain("(c) the manifest's leaf");
      expect(probes).toContain('(a) no client certificate');
      expect(probes).toContain('(b) a certificate from an unknown CA');
    });

    it('check on a PR without the key runs (a) and (b) and says why (c) was skipped', async () => {
      const result = await runAction({
        workspace: world.workspace,
        eventName: 'pull_request',
        repository: REPOSITORY,
        githubApiUrl: world.github.url,
        payload: {
          number: 1,
          pull_request: { number: 1, head: { sha: 'f'.repeat(40) }, base: { ref: 'main' } },
        },
        inputs: { 'github-token': JOB_TOKEN, comment: 'false' },
      });
      expect(originFindings(result)).toEqual([]);
      expect(result.summary).toMatch(/\(c\) the manifest's leaf \| skipped \| no private key in this job/);
      expect(result.summary).toMatch(/\(a\) no client certificate \| 🔒 refused ✅/);
    });

    it("check on a fork's PR probes nothing: the fork's manifest could aim the runner anywhere", async () => {
      const result = await runAction({
        workspace: world.workspace,
        eventName: 'pull_request',
        repository: REPOSITORY,
        githubApiUrl: world.github.url,
        payload: {
          number: 1,
          pull_request: {
            number: 1,
            head: { sha: 'f'.repeat(40), repo: { full_name: 'stranger/edge' } },
            base: { ref: 'main', repo: { full_name: REPOSITORY } },
          },
        },
        inputs: { 'github-token': JOB_TOKEN, comment: 'false' },
      });
      expect(result.exitCode).toBe(0);
      expect(result.summary).toContain('Origin probes skipped: this pull request comes from a fork');
      // No probe row at all: nothing was sent to the address the fork's manifest names.
      expect(result.summary).not.toContain('(a) no client certificate');
      expect(result.summary).not.toContain('(b) a certificate from an unknown CA');
    });

    it('scan: an origin flipped to optional is a critical item of the tracking issue', async () => {
      await server.configure({ mode: 'optional', trustedCaPem: ca.certPem, hostnames });
      const result = await runAction({
        workspace: world.workspace,
        eventName: 'schedule',
        ref: 'refs/heads/main',
        repository: REPOSITORY,
        githubApiUrl: world.github.url,
        payload: { schedule: '0 6 * * *' },
        inputs: { 'api-token': world.cf.token, 'api-url': world.cf.url, 'github-token': JOB_TOKEN },
      });
      expect(result.exitCode).toBe(1);
      expect(originFindings(result)).toContainEqual(
        expect.objectContaining({ rule: 'origin.not_enforced', severity: 'error' }),
      );
      const issue = world.repoState.issues.find((candidate) => candidate.state === 'open');
      expect(issue?.title).toMatch(/[1-9]\d* critical/);
      expect(issue?.body).toContain('app.example.com (origin 127.0.0.1');
      expect(issue?.body).toContain('ssl_verify_client on;');
    });

    it('a serverAuth-only leaf: nginx says error 26, and the report names the lint that predicted it', async () => {
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
      const refused = originFindings(result).find((finding) => finding.rule === 'origin.refuses_leaf');
      expect(refused?.certificate).toBe('api');
      expect(refused?.message).toContain('The lint eku.client_auth predicted this');
      expect(await server.errorLog()).toMatch(/client SSL certificate verify error: \(26:/);
    });

    it('a CA-changing leaf Cloudflare already holds (an earlier run stopped before pointing) is asked about, then pointed at', async () => {
      const world = await ownWorld();
      await server.configure({ mode: 'on', trustedCaPem: ca.certPem, hostnames });
      const oldId = await serving(world, otherCa, 'app.example.com');
      const newId = world.cf.seedCertificate(ZONE_ID, leaf.certPem);
      await world.commit(bothCas, [{ name: 'app', leaf, hostnames: ['app.example.com'] }], origin());
      world.cf.clearRequestLog();
      const result = await world.deploy({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(0);
      expect(findings(result)).toContainEqual(
        expect.objectContaining({ rule: 'plan.ca_change', severity: 'notice' }),
      );
      expect(world.cf.associations(ZONE_ID)).toEqual([
        expect.objectContaining({ hostname: 'app.example.com', certId: newId, enabled: true }),
      ]);
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.id)).toEqual([newId]);
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.id)).not.toContain(oldId);
      expect(world.cf.writeCount()).toBe(2);
    });

    it('a CA change the unreachable origin cannot confirm holds that certificate; the rest of the zone deploys', async () => {
      const world = await ownWorld();
      const closed = await freePort();
      // app moves from otherCa to ca (a CA change, no ca-rollover); api stays on ca (a renewal).
      const appOld = await serving(world, otherCa, 'app.example.com');
      await serving(world, ca, 'api.example.com');
      await world.commit(
        bothCas,
        [
          { name: 'app', leaf, hostnames: ['app.example.com'] },
          {
            name: 'api',
            leaf: await makeLeaf(ca, { dns: ['api.example.com'] }),
            hostnames: ['api.example.com'],
          },
        ],
        `    origin: { address: 127.0.0.1, port: ${closed} }\n`,
      );
      const result = await world.deploy({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(1);
      expect(findings(result)).toContainEqual(
        expect.objectContaining({ rule: 'plan.ca_change', severity: 'error', certificate: 'app' }),
      );
      expect(originFindings(result).map((finding) => finding.rule)).toContain('origin.unreachable');
      const [zone] = JSON.parse(result.outputs.plan ?? '[]') as {
        blocked?: string;
        held?: string[];
        steps: { kind: string; outcome: string; description: string }[];
      }[];
      expect(zone!.blocked).toBeUndefined();
      expect(zone!.held).toEqual([expect.stringMatching(/^app is held: app's CA changes/)]);
      const served = new Map(
        world.cf.associations(ZONE_ID).map((association) => [association.hostname, association.certId]),
      );
      const uploaded = JSON.parse(result.outputs.uploaded ?? '[]') as string[];
      expect(uploaded).toHaveLength(1);
      expect(served.get('api.example.com')).toBe(uploaded[0]);
      expect(served.get('app.example.com')).toBe(appOld);
      // Found unreachable before the uploads, the origin is not waited for again before pointing.
      expect(result.summary).toContain('### Origin probes before anything is written');
      expect(result.summary).not.toContain('### Origin probes before pointing hostnames');
    });

    it('an unreachable port is a notice, not a failure', async () => {
      const closed = await freePort();
      await world.commit(
        ca,
        [{ name: 'app', leaf, hostnames: ['app.example.com'] }],
        `    origin: { address: 127.0.0.1, port: ${closed} }\n`,
      );
      const result = await verify({ 'verify-origin': 'enforce' });
      expect(result.exitCode).toBe(0);
      expect(originFindings(result).map((finding) => [finding.rule, finding.severity])).toEqual([
        ['origin.unreachable', 'notice'],
      ]);
      expect(result.summary).toContain('ECONNREFUSED');
    });
  },
);
