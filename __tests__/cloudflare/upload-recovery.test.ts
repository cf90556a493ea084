import { afterEach, describe, expect, it } from 'vitest';
import { freshLeaf, startHarness, ZONE, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness?.close());

const posts = (h: Harness) => h.emulator.requestLog.filter((e) => e.operation === 'uploadCertificate');
const lists = (h: Harness) => h.emulator.requestLog.filter((e) => e.operation === 'listCertificates');

describe('an upload is not idempotent: after an ambiguous failure the client looks before it uploads again', () => {
  it('the certificate is stored, then the connection drops: exactly one certificate, found by its SHA-256', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    harness.emulator.injectFault('uploadCertificate', { reset: 'after' });

    const uploaded = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });

    const stored = harness.emulator.certificates(ZONE);
    expect(stored).toHaveLength(1);
    expect(uploaded.id).toBe(stored[0]!.id);
    expect(uploaded.sha256).toBe(stored[0]!.sha256);
    expect(posts(harness).map((e) => e.status)).toEqual(['reset']);
    expect(lists(harness)).toHaveLength(1);
  });

  it('the certificate is stored, then the answer is too slow: exactly one certificate', async () => {
    harness = await startHarness({}, { timeoutMs: 150 });
    const leaf = await freshLeaf();
    harness.emulator.injectFault('uploadCertificate', { delayMs: 600 });

    const uploaded = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });

    expect(harness.emulator.certificates(ZONE).map((c) => c.id)).toEqual([uploaded.id]);
    expect(posts(harness)).toHaveLength(1);
  });

  it('nothing was stored (dropped before handling, or a 503): it uploads again, once', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    harness.emulator.injectFault('uploadCertificate', { reset: 'before' });
    harness.emulator.injectFault('uploadCertificate', { status: 503 });

    const uploaded = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });

    expect(harness.emulator.certificates(ZONE).map((c) => c.id)).toEqual([uploaded.id]);
    expect(posts(harness).map((e) => e.status)).toEqual(['reset', 503, 200]);
    expect(lists(harness)).toHaveLength(2);
  });

  it('a clean failure (400) is not followed by a look: nothing could have been stored', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    const other = await freshLeaf();
    await expect(
      harness.client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: other.keyPem }),
    ).rejects.toThrow(/HTTP 400/);
    expect(lists(harness)).toHaveLength(0);
  });

  it('a copy on its way out (pending_deletion) is not mistaken for the upload', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    const oldId = harness.emulator.seedCertificate(ZONE, leaf.certPem, { status: 'pending_deletion' });
    harness.emulator.injectFault('uploadCertificate', { reset: 'after' });

    const uploaded = await harness.client.uploadCertificate(ZONE, {
      certificate: leaf.certPem,
      privateKey: leaf.keyPem,
    });

    expect(uploaded.id).not.toBe(oldId);
    expect(
      harness.emulator
        .certificates(ZONE)
        .map((c) => c.id)
        .sort(),
    ).toEqual([oldId, uploaded.id].sort());
  });
});

describe('a delete whose answer is lost', () => {
  it('is found done in the list, not retried into a 404', async () => {
    harness = await startHarness({ statusStepMs: 1 });
    const certId = harness.emulator.seedCertificate(ZONE, (await freshLeaf()).certPem);
    harness.emulator.injectFault('deleteCertificate', { reset: 'after' });
    harness.emulator.advanceClock(10);

    const deleted = await harness.client.deleteCertificate(ZONE, certId);

    expect(deleted.id).toBe(certId);
    expect(harness.emulator.requestLog.filter((e) => e.operation === 'deleteCertificate')).toHaveLength(1);
  });
});
