import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareApiError, createCloudflareClient } from '../../src/cloudflare/index.js';
import { encryptKeyPkcs8, x509 } from '../../test-support/pki.js';
import { freshLeaf, startHarness, testCA, TOKEN, waitFor, ZONE, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness?.close());

async function failure(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudflareApiError);
  return error as CloudflareApiError;
}

/** Nothing secret or bulky in what a user (or a log) would see. */
function expectClean(error: CloudflareApiError, ...secrets: string[]): void {
  const shown = `${error.message} ${error.hint ?? ''} ${JSON.stringify(error.codes)}`;
  expect(shown).not.toMatch(/-----BEGIN/);
  for (const secret of secrets) {
    expect(shown).not.toContain(secret.length > 100 ? secret.slice(40, 100) : secret);
  }
  expect(shown).not.toContain(TOKEN);
}

describe('errors that help', () => {
  it('a CA uploaded as a leaf: missing leaf certificate, with what to do', async () => {
    harness = await startHarness();
    const ca = await testCA();
    const error = await failure(
      harness.client.uploadCertificate(ZONE, { certificate: ca.certPem, privateKey: ca.keyPem }),
    );
    expect(error).toMatchObject({ status: 400, operation: 'uploadCertificate', kind: 'http' });
    expect(error.codes[0]?.message).toBe('missing leaf certificate');
    expect(error.cfRay).toMatch(/-EMU$/);
    expect(error.message).toContain(`cf-ray ${error.cfRay}`);
    expect(error.hint).toMatch(/CA certificate, not a leaf/);
    expectClean(error, ca.keyPem);
  });

  it('a key that does not match the certificate', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    const other = await freshLeaf();
    const error = await failure(
      harness.client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: other.keyPem }),
    );
    expect(error.status).toBe(400);
    expect(error.hint).toMatch(/private key does not belong/);
    expectClean(error, other.keyPem);
  });

  it('an encrypted key and a PEM that does not parse are refused, not retried', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    const encrypted = encryptKeyPkcs8(leaf.keyPem, 'passphrase-1234');
    const encryptedError = await failure(
      harness.client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: encrypted }),
    );
    expect(encryptedError.status).toBe(400);
    expectClean(encryptedError, encrypted, 'passphrase-1234');

    const garbled = leaf.certPem.replace(/[A-Za-z]{20}/, 'xxxxxxxxxxxxxxxxxxxx');
    const pemError = await failure(
      harness.client.uploadCertificate(ZONE, { certificate: garbled, privateKey: leaf.keyPem }),
    );
    expect(pemError.status).toBe(400);
    expect(harness.client.stats.retries).toBe(0);
    expect(harness.emulator.certificates(ZONE)).toEqual([]);
  });

  it('a duplicate upload is recognised by its meaning and reused, never an error', async () => {
    harness = await startHarness();
    const leaf = await freshLeaf();
    const body = { certificate: leaf.certPem, privateKey: leaf.keyPem };
    const first = await harness.client.uploadCertificate(ZONE, body);
    harness.emulator.clearRequestLog();
    const again = await harness.client.uploadCertificate(ZONE, body);
    expect(again.id).toBe(first.id);
    expect(harness.emulator.requestLog.map((entry) => `${entry.operation} ${entry.status}`)).toEqual([
      'uploadCertificate 409',
      'listCertificates 200',
    ]);
    expect(harness.emulator.certificates(ZONE)).toHaveLength(1);
  });

  it('the eleventh certificate: the zone quota', async () => {
    harness = await startHarness();
    for (let i = 0; i < 10; i++)
      harness.emulator.seedCertificate(ZONE, (await freshLeaf(`h${i}.example.com`)).certPem);
    const leaf = await freshLeaf();
    const error = await failure(
      harness.client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: leaf.keyPem }),
    );
    expect(error.status).toBe(400);
    expect(error.hint).toMatch(/maximum of 10 hostname certificates/);
  });

  it('the 101st hostname on one certificate: the association quota', async () => {
    harness = await startHarness();
    const certId = harness.emulator.seedCertificate(ZONE, (await freshLeaf()).certPem);
    const config = Array.from({ length: 101 }, (_, i) => ({
      hostname: `h${i}.example.com`,
      certId,
      enabled: true,
    }));
    const error = await failure(harness.client.putHostnames(ZONE, config));
    expect(error.hint).toMatch(/at most 100 hostnames/);
    expect(harness.emulator.associations(ZONE)).toEqual([]);
  });

  it('an unknown cert_id: 1415, with what to do', async () => {
    harness = await startHarness();
    const error = await failure(
      harness.client.putHostnames(ZONE, [{ hostname: 'a.example.com', certId: randomUUID(), enabled: true }]),
    );
    expect(error.status).toBe(400);
    expect(error.codes.map((c) => c.code)).toEqual([1415]);
    expect(error.hint).toMatch(/not a per-hostname certificate of this zone/);
    expect(error.message).toMatch(/^Cloudflare putHostnames failed: HTTP 400, 1415 /);
  });

  it('a bad token: 403 and 10000, not retried, the token never shown', async () => {
    harness = await startHarness();
    const wrongToken = 'wrong-token-5d1f0a9c';
    const client = createCloudflareClient({
      apiUrl: harness.emulator.url,
      auth: { kind: 'token', token: wrongToken },
      pace: false,
    });
    try {
      const error = await failure(client.listCertificates(ZONE));
      expect(error).toMatchObject({ status: 403, attempts: 1 });
      expect(error.codes.map((c) => c.code)).toEqual([10000]);
      expect(error.hint).toMatch(/Check the credentials/);
      expect(error.message).not.toContain(wrongToken);
      expect(client.stats.requests).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a read-only token cannot write', async () => {
    harness = await startHarness({ readOnlyTokens: ['read-only-token-1'] });
    const client = createCloudflareClient({
      apiUrl: harness.emulator.url,
      auth: { kind: 'token', token: 'read-only-token-1' },
      pace: false,
    });
    try {
      expect(await client.listCertificates(ZONE)).toEqual([]);
      const leaf = await freshLeaf();
      const error = await failure(
        client.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: leaf.keyPem }),
      );
      expect(error.status).toBe(403);
    } finally {
      await client.close();
    }
  });

  it('deleting a certificate a hostname still uses is refused; voiding first lets it go', async () => {
    harness = await startHarness();
    const { client, emulator } = harness;
    const certId = emulator.seedCertificate(ZONE, (await freshLeaf()).certPem, {
      hostnames: ['app.example.com'],
    });
    const error = await failure(client.deleteCertificate(ZONE, certId));
    expect(error.status).toBe(400);
    expect(emulator.certificates(ZONE)).toHaveLength(1);

    await client.putHostnames(ZONE, [{ hostname: 'app.example.com', certId, enabled: null }]);
    await client.deleteCertificate(ZONE, certId);
    await waitFor(() => emulator.certificates(ZONE).length === 0);
  });

  it('getting or deleting an unknown certificate is a 404, not retried', async () => {
    harness = await startHarness();
    const error = await failure(harness.client.getCertificate(ZONE, randomUUID()));
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    const hostError = await failure(harness.client.getHostname(ZONE, 'nothing.example.com'));
    expect(hostError.status).toBe(404);
    expect(harness.client.stats.retries).toBe(0);
  });

  it('Cloudflare text that echoes a PEM or the token is redacted', async () => {
    harness = await startHarness();
    const pem = x509.PemConverter.encode(new Uint8Array(64).buffer, 'PRIVATE KEY');
    harness.emulator.injectFault('getSettings', {
      status: 400,
      code: 1004,
      message: `bad input ${pem} sent with ${TOKEN}`,
    });
    const error = await failure(harness.client.getSettings(ZONE));
    expect(error.message).toContain('[PEM redacted]');
    expectClean(error);
  });

  it('throttling that outlasts the attempts: 971, with what to do', async () => {
    harness = await startHarness({}, { maxAttempts: 2 });
    harness.emulator.injectFault('listHostnames', { status: 429, count: 5 });
    const error = await failure(harness.client.listHostnames(ZONE));
    expect(error).toMatchObject({ status: 429, attempts: 2 });
    expect(error.codes.map((c) => c.code)).toEqual([971]);
    expect(error.hint).toMatch(/throttling this token \(1,200 requests per 5 minutes/);
  });

  it('no log line carries the token, the key or a certificate body, even through retries and recovery', async () => {
    const lines: string[] = [];
    harness = await startHarness();
    const logged = createCloudflareClient({
      apiUrl: harness.emulator.url,
      auth: { kind: 'token', token: TOKEN },
      log: { debug: (m) => lines.push(m), info: (m) => lines.push(m), warning: (m) => lines.push(m) },
      pace: false,
      timeoutMs: 150,
      sleep: async () => {},
    });
    try {
      const leaf = await freshLeaf();
      harness.emulator.injectFault('uploadCertificate', { reset: 'after' });
      await logged.uploadCertificate(ZONE, { certificate: leaf.certPem, privateKey: leaf.keyPem });
      harness.emulator.injectFault('getSettings', { delayMs: 400 });
      await logged.getSettings(ZONE);
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(4);
      expect(all).not.toMatch(/-----BEGIN|PRIVATE KEY/);
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain(leaf.keyPem.slice(40, 100));
    } finally {
      await logged.close();
    }
  });
});
