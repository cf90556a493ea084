/** Deploy's waits: one certificate list per zone per poll, never one read per certificate. */
import { afterEach, describe, expect, it } from 'vitest';
import { ZoneWatch, type Clock } from '../../src/apply/wait.js';
import { freshLeaf, startHarness, ZONE, type Harness } from './harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const clock: Clock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 40))),
  now: Date.now,
};

/** A clock whose sleeps pass in full for the deadline but last at most 40 ms of real time. */
function hurriedClock(): Clock {
  let skipped = 0;
  return {
    sleep: async (ms) => {
      const real = Math.min(ms, 40);
      skipped += ms - real;
      await new Promise((resolve) => setTimeout(resolve, real));
    },
    now: () => Date.now() + skipped,
  };
}

describe('ZoneWatch', () => {
  it('waits for active by polling the zone list only', async () => {
    harness = await startHarness({ statusStepMs: 150 });
    const leaf = await freshLeaf();
    const { id } = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });
    harness.emulator.clearRequestLog();
    const active = await new ZoneWatch(harness.client, ZONE, hurriedClock()).waitActive(id, 'app', 600_000);
    expect(active.status).toBe('active');
    const operations = new Set(harness.emulator.requestLog.map((entry) => entry.operation));
    expect([...operations]).toEqual(['listCertificates']);
    expect(harness.emulator.requestLog.length).toBeGreaterThan(1);
  });

  it('fails at once on deployment_timed_out, naming the certificate', async () => {
    harness = await startHarness({ statusStepMs: 20 });
    harness.emulator.timeOutNextUploads(ZONE);
    const leaf = await freshLeaf();
    const { id } = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });
    await expect(new ZoneWatch(harness.client, ZONE, clock).waitActive(id, 'app', 5_000)).rejects.toThrow(
      /certificate app .* deployment_timed_out/,
    );
  });

  it('confirms a deletion by the certificate leaving the list, and takes a 404 on DELETE as done', async () => {
    harness = await startHarness({ statusStepMs: 20 });
    const leaf = await freshLeaf();
    const { id } = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });
    const watch = new ZoneWatch(harness.client, ZONE, clock);
    await watch.waitActive(id, 'app', 5_000);
    await watch.delete(id, true, 5_000);
    expect(harness.emulator.certificates(ZONE)).toEqual([]);
    // Already gone: the 404 (1415) of a second DELETE is a sign of deletion, not a failure.
    await watch.delete(id, true, 5_000);
  });

  it('verifies by meaning: a hostname is served once a row serves it', async () => {
    harness = await startHarness({ statusStepMs: 20, dialect: 'voided-linger' });
    const watch = new ZoneWatch(harness.client, ZONE, clock);
    const ids = [];
    for (const name of ['old', 'new']) {
      const leaf = await freshLeaf(`${name}.example.com`);
      const { id } = await harness.client.uploadCertificate(ZONE, {
        certificate: leaf.certPem,
        privateKey: leaf.keyPem,
      });
      await watch.waitActive(id, name, 5_000);
      ids.push(id);
    }
    await harness.client.putHostnames(ZONE, [
      { hostname: 'app.example.com', certId: ids[0]!, enabled: true },
    ]);
    await harness.client.putHostnames(ZONE, [
      { hostname: 'App.Example.com', certId: ids[1]!, enabled: true },
    ]);
    // The old row is listed after the live one: a last-row-wins reader would wait forever.
    await watch.verify(new Map([['app.example.com', ids[1]!]]), 5_000);
    await expect(watch.verify(new Map([['app.example.com', ids[0]!]]), 300)).rejects.toThrow(
      /not active within/,
    );
  });
});
