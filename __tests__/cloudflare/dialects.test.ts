/** The client and the shared readers against each answer Cloudflare might give where no source says which. */
import { afterEach, describe, expect, it } from 'vitest';
import { ZoneWatch } from '../../src/apply/wait.js';
import { readAssociations } from '../../src/cloudflare/index.js';
import { indexAssociations } from '../../src/plan/remote-state.js';
import { holdsCertificate } from '../../src/plan/statuses.js';
import type { Clock } from '../../src/apply/wait.js';
import { freshLeaf, startHarness, ZONE, type Harness } from './harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Real time, quick polls: the emulator's status clock runs on real time. */
const clock: Clock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
  now: Date.now,
};

async function uploaded(h: Harness, hostname: string): Promise<string> {
  const leaf = await freshLeaf(hostname);
  const { id } = await h.client.uploadCertificate(ZONE, {
    certificate: leaf.certPem,
    privateKey: leaf.keyPem,
  });
  await new ZoneWatch(h.client, ZONE, clock).waitActive(id, hostname, 5_000);
  return id;
}

const operations = (h: Harness) => h.emulator.requestLog.map((entry) => `${entry.operation} ${entry.status}`);

describe.each([404, 405, 400] as const)('no association list (%i)', (status) => {
  it('reads the hostnames asked about one by one, a 404 there meaning none', async () => {
    harness = await startHarness({ dialect: { associationList: status } });
    const id = await uploaded(harness, 'app.example.com');
    await harness.client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId: id, enabled: true }]);
    harness.emulator.clearRequestLog();
    const read = await readAssociations(harness.client, ZONE, () => ['app.example.com', 'new.example.com']);
    expect(read.mode).toBe('per-hostname');
    expect(read.rows.map((row) => [row.hostname, row.certId, row.enabled])).toEqual([
      ['app.example.com', id, true],
    ]);
    expect(operations(harness).sort()).toEqual(
      [`listHostnames ${status}`, 'getHostname 200', 'getHostname 404'].sort(),
    );
    // Known missing for the rest of the run: no second try of the list.
    harness.emulator.clearRequestLog();
    await readAssociations(harness.client, ZONE, () => ['app.example.com']);
    expect(operations(harness)).toEqual(['getHostname 200']);
  });
});

describe('voided rows that linger as enabled: false, and history rows', () => {
  it('neither holds a certificate nor shadows the live row, whatever their order', async () => {
    harness = await startHarness({ dialect: 'voided-linger' });
    const oldId = await uploaded(harness, 'app.example.com');
    const newId = await uploaded(harness, 'app2.example.com');
    await harness.client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId: oldId, enabled: true }]);
    await harness.client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId: newId, enabled: true }]);
    await harness.client.putHostnames(ZONE, [{ hostname: 'gone.example.com', certId: oldId, enabled: true }]);
    await harness.client.putHostnames(ZONE, [{ hostname: 'gone.example.com', certId: oldId, enabled: null }]);
    const rows = await harness.client.listHostnames(ZONE);
    const app = rows.filter((row) => row.hostname === 'app.example.com');
    // The stale row comes last: a reader where the last row wins would see the old certificate.
    expect(app.map((row) => row.certId)).toEqual([newId, oldId]);
    expect(app[1]).toMatchObject({ enabled: false });
    const gone = rows.find((row) => row.hostname === 'gone.example.com');
    expect(gone).toMatchObject({ enabled: false });
    expect(['pending_deletion', 'deleted']).toContain(gone?.status);
    expect(holdsCertificate(gone!)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const index = indexAssociations(await harness.client.listHostnames(ZONE));
    expect(index.get('app.example.com')?.certId).toBe(newId);
    expect(index.serves('APP.example.com.', newId)).toBe(true);
    expect(index.hostnamesHolding(oldId)).toEqual([]);
    // Cloudflare would refuse the delete if anything held it; nothing does.
    await new ZoneWatch(harness.client, ZONE, clock).delete(oldId, true, 5_000);
  });
});

describe('deleted certificates that answer 200 deleted and stay listed', () => {
  it('the deletion is confirmed by the status', async () => {
    harness = await startHarness({ dialect: 'deleted-linger' });
    const id = await uploaded(harness, 'app.example.com');
    await new ZoneWatch(harness.client, ZONE, clock).delete(id, true, 5_000);
    expect((await harness.client.getCertificate(ZONE, id)).status).toBe('deleted');
    expect((await harness.client.listCertificates(ZONE)).map((c) => [c.id, c.status])).toEqual([
      [id, 'deleted'],
    ]);
  });
});

describe('association-shaped certificate lists', () => {
  it("identify each certificate by cert_id, not by an id that is not the certificate's", async () => {
    harness = await startHarness({ dialect: 'association-list' });
    const id = await uploaded(harness, 'app.example.com');
    await harness.client.putHostnames(ZONE, [
      { hostname: 'app.example.com', certId: id, enabled: true },
      { hostname: 'www.example.com', certId: id, enabled: true },
    ]);
    const listed = await harness.client.listCertificates(ZONE);
    expect(listed.map((certificate) => certificate.id)).toEqual([id]);
  });
});

describe('duplicate uploads refused as 400/1406', () => {
  it('are reused, with one look at the list', async () => {
    harness = await startHarness({ dialect: 'duplicate-1406' });
    const leaf = await freshLeaf();
    const body = { certificate: leaf.certPem, privateKey: leaf.keyPem };
    const first = await harness.client.uploadCertificate(ZONE, body);
    harness.emulator.clearRequestLog();
    expect((await harness.client.uploadCertificate(ZONE, body)).id).toBe(first.id);
    expect(operations(harness)).toEqual(['uploadCertificate 400', 'listCertificates 200']);
  });
});

describe('lists paged', () => {
  it('every page of both lists is read', async () => {
    harness = await startHarness({ dialect: 'paged' });
    const ids = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      const leaf = await freshLeaf(`${name}.example.com`);
      ids.push(harness.emulator.seedCertificate(ZONE, leaf.certPem, { hostnames: [`${name}.example.com`] }));
    }
    harness.emulator.clearRequestLog();
    expect((await harness.client.listCertificates(ZONE)).map((c) => c.id).sort()).toEqual(ids.sort());
    expect(await harness.client.listHostnames(ZONE)).toHaveLength(5);
    expect(operations(harness)).toEqual([
      ...Array(3).fill('listCertificates 200'),
      ...Array(3).fill('listHostnames 200'),
    ]);
  });
});

describe('writes answered with result: null', () => {
  it('an upload is found in the list; PUT and DELETE are taken at their success', async () => {
    harness = await startHarness({ dialect: 'null-writes' });
    const id = await uploaded(harness, 'app.example.com');
    expect(harness.emulator.certificates(ZONE).map((c) => c.id)).toEqual([id]);
    expect(
      await harness.client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId: id, enabled: true }]),
    ).toEqual([]);
    await harness.client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId: id, enabled: null }]);
    await new ZoneWatch(harness.client, ZONE, clock).delete(id, true, 5_000);
    expect(harness.emulator.certificates(ZONE)).toEqual([]);
  });
});

describe('Ratelimit headers', () => {
  it('slow the client down before the quota is spent: no 429', async () => {
    harness = await startHarness(
      { dialect: 'ratelimit-headers', rateLimit: { requests: 15, windowMs: 2_000, lockoutSeconds: 300 } },
      { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    );
    const started = Date.now();
    for (let i = 0; i < 25; i++) await harness.client.getSettings(ZONE);
    expect(operations(harness).filter((line) => !line.endsWith(' 200'))).toEqual([]);
    expect(Date.now() - started).toBeGreaterThan(1_000);
  });
});
