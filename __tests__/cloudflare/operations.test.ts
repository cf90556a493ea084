import { createHash, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudflareClient } from '../../src/cloudflare/index.js';
import { freshLeaf, startHarness, waitFor, ZONE, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness?.close());

describe('Cloudflare client operations against the emulator', () => {
  it('uploads, gets, lists and deletes a hostname certificate', async () => {
    harness = await startHarness();
    const { client, emulator } = harness;
    const leaf = await freshLeaf();

    const uploaded = await client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });
    const der = new X509Certificate(leaf.certPem).raw;
    expect(uploaded.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(uploaded.status).toBe('initializing');
    expect(uploaded.sha256).toBe(createHash('sha256').update(der).digest('hex'));
    expect(uploaded.serialNumber).toBe(BigInt(`0x${leaf.cert.serialNumber}`).toString(10));
    expect(uploaded.expiresOn).toBe(leaf.cert.notAfter.toISOString());

    await waitFor(async () => (await client.getCertificate(ZONE, uploaded.id)).status === 'active');
    const listed = await client.listCertificates(ZONE);
    expect(listed.map((c) => [c.id, c.sha256, c.status])).toEqual([[uploaded.id, uploaded.sha256, 'active']]);

    const deleted = await client.deleteCertificate(ZONE, uploaded.id);
    expect(deleted.id).toBe(uploaded.id);
    expect(deleted.status).toBe('pending_deletion');
    await waitFor(async () => (await client.listCertificates(ZONE)).length === 0);
    expect(emulator.writeCount()).toBe(2);
    expect(client.stats.writes).toBe(2);
  });

  it('reads list items in the older, association-shaped form too', async () => {
    harness = await startHarness({ zones: { [ZONE]: { listShape: 'association' } } });
    const leaf = await freshLeaf();
    const uploaded = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });
    const [listed] = await harness.client.listCertificates(ZONE);
    expect(listed).toMatchObject({ id: uploaded.id, sha256: uploaded.sha256, expiresOn: uploaded.expiresOn });
    expect(['initializing', 'pending_deployment', 'active']).toContain(listed!.status);
    expect(listed!.uploadedOn).toBe(uploaded.uploadedOn);

    harness.emulator.advanceClock(1_000);
    await harness.client.putHostnames(ZONE, [
      { hostname: 'a.example.com', certId: uploaded.id, enabled: true },
      { hostname: 'b.example.com', certId: uploaded.id, enabled: true },
    ]);
    const again = await harness.client.listCertificates(ZONE);
    expect(again.map((c) => [c.id, c.status])).toEqual([[uploaded.id, 'active']]);
  });

  it('puts many hostnames in one call, reads one, and lists all with enabled true, false and null', async () => {
    harness = await startHarness();
    const { client, emulator } = harness;
    const leaf = await freshLeaf();
    const cert = await client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: leaf.keyPem });
    await waitFor(async () => (await client.getCertificate(ZONE, cert.id)).status === 'active');

    const put = await client.putHostnames(ZONE, [
      { hostname: 'a.example.com', certId: cert.id, enabled: true },
      { hostname: 'b.example.com', certId: cert.id, enabled: false },
      { hostname: 'c.example.com', certId: cert.id, enabled: true },
    ]);
    expect(put.map((a) => [a.hostname, a.certId, a.enabled])).toEqual([
      ['a.example.com', cert.id, true],
      ['b.example.com', cert.id, false],
      ['c.example.com', cert.id, true],
    ]);
    expect(emulator.requestLog.filter((e) => e.operation === 'putHostnames')).toHaveLength(1);

    await client.putHostnames(ZONE, [{ hostname: 'c.example.com', certId: cert.id, enabled: null }]);
    const one = await client.getHostname(ZONE, 'a.example.com');
    expect(one).toMatchObject({
      hostname: 'a.example.com',
      certId: cert.id,
      enabled: true,
      certStatus: 'active',
    });

    const all = await client.listHostnames(ZONE);
    expect(all.map((a) => [a.hostname, a.enabled])).toEqual([
      ['a.example.com', true],
      ['b.example.com', false],
      ['c.example.com', null],
    ]);
    const listCall = emulator.requestLog.find((e) => e.operation === 'listHostnames');
    expect(new URLSearchParams(listCall!.query).get('status')).toBe('all');
    expect(await client.putHostnames(ZONE, [])).toEqual([]);
  });

  it('follows every page of the association list', async () => {
    harness = await startHarness({ zones: { [ZONE]: { maxPerPage: 2 } } });
    const { client, emulator } = harness;
    const leaf = await freshLeaf();
    const hostnames = ['h1', 'h2', 'h3', 'h4', 'h5'].map((h) => `${h}.example.com`);
    emulator.seedCertificate(ZONE, leaf.certPem, { hostnames });

    const all = await client.listHostnames(ZONE);
    expect(all.map((a) => a.hostname)).toEqual(hostnames);
    expect(emulator.requestLog.filter((e) => e.operation === 'listHostnames')).toHaveLength(3);
  });

  it("reads the zone's AOP setting", async () => {
    harness = await startHarness();
    expect(await harness.client.getSettings(ZONE)).toEqual({ enabled: false });
    harness.emulator.setZoneSetting(ZONE, true);
    expect(await harness.client.getSettings(ZONE)).toEqual({ enabled: true });
  });

  it('authenticates with auth-email + auth-key, warning that a token is better', async () => {
    harness = await startHarness();
    const warnings: string[] = [];
    const client = createCloudflareClient({
      apiUrl: harness.emulator.url,
      auth: { kind: 'global-key', ...harness.emulator.globalKey },
      log: { debug() {}, info() {}, warning: (m) => warnings.push(m) },
      pace: false,
    });
    try {
      expect(await client.listCertificates(ZONE)).toEqual([]);
      expect(warnings.join('\n')).toMatch(/Prefer api-token/);
      expect(warnings.join('\n')).not.toContain(harness.emulator.globalKey.key);
    } finally {
      await client.close();
    }
  });
});
