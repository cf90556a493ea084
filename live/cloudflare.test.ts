/**
 * The Cloudflare client against a real throwaway zone. Opt-in: `npm run test:live` with
 * AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN (a token with "SSL and Certificates Write" on that zone).
 * AOP_LIVE_HOSTNAME (a hostname in the zone) adds the association steps; AOP_LIVE_API_URL overrides
 * the base URL. Everything it makes is removed in afterAll, even when a step fails.
 *
 * It also prints what Cloudflare answers where the emulator guesses (test-support/cloudflare/README.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudflareApiError,
  createCloudflareClient,
  type ClosableCloudflareClient,
  type HostnameCertificate,
} from '../src/cloudflare/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';

const zoneId = process.env.AOP_LIVE_ZONE_ID ?? '';
const token = process.env.AOP_LIVE_API_TOKEN ?? '';
const hostname = process.env.AOP_LIVE_HOSTNAME ?? '';
const apiUrl = process.env.AOP_LIVE_API_URL || 'https://api.cloudflare.com/client/v4';
const configured = zoneId !== '' && token !== '';
const ACTIVE_TIMEOUT_MS = 600_000;

async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let waitMs = 2_000; ; waitMs = Math.min(waitMs * 2, 30_000)) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

async function failureOf(promise: Promise<unknown>): Promise<CloudflareApiError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof CloudflareApiError) return error;
    throw error;
  }
}

function report(what: string, error: CloudflareApiError | undefined): void {
  console.log(`live: ${what}:`, error ? { status: error.status, codes: error.codes } : 'no error');
}

describe.skipIf(!configured)('Cloudflare client against a real zone', () => {
  let client: ClosableCloudflareClient;
  let leaf: Issued;
  let uploaded: HostnameCertificate | undefined;

  beforeAll(async () => {
    client = createCloudflareClient({
      apiUrl,
      auth: { kind: 'token', token },
      log: { debug() {}, info: (m) => console.log(m), warning: (m) => console.warn(m) },
    });
    leaf = await makeLeaf(await makeCA({ cn: 'aop-certs live test CA' }), {
      dns: [hostname || 'aop-certs-live.invalid'],
      days: 2,
    });
  });

  afterAll(async () => {
    if (uploaded) {
      if (hostname) {
        await client
          .putHostnames(zoneId, [{ hostname, certId: uploaded.id, enabled: null }])
          .catch(() => undefined);
      }
      await client.deleteCertificate(zoneId, uploaded.id).catch((error: unknown) => {
        console.warn(`live: could not delete ${uploaded?.id}; delete it by hand: ${String(error)}`);
      });
    }
    await client?.close();
  });

  it('reads the zone: setting, certificates, associations', async () => {
    const settings = await client.getSettings(zoneId);
    expect([true, false, null]).toContain(settings.enabled);
    const certificates = await client.listCertificates(zoneId);
    for (const cert of certificates) expect(cert.id).not.toBe('');
    expect(Array.isArray(await client.listHostnames(zoneId))).toBe(true);
  });

  it('uploads a leaf, sees it become active, and refuses it twice', async () => {
    uploaded = await client.uploadCertificate(zoneId, { certificate: leaf.certPem, privateKey: leaf.keyPem });
    expect(uploaded.sha256).toBeDefined();
    const listed = (await client.listCertificates(zoneId)).find((cert) => cert.id === uploaded!.id);
    expect(listed?.sha256).toBe(uploaded.sha256);

    const final = await pollUntil(
      () => client.getCertificate(zoneId, uploaded!.id),
      (cert) => cert.status === 'active' || cert.status.endsWith('_timed_out'),
      ACTIVE_TIMEOUT_MS,
    );
    expect(final.status).toBe('active');

    const duplicate = await failureOf(
      client.uploadCertificate(zoneId, { certificate: leaf.certPem, privateKey: leaf.keyPem }),
    );
    report('duplicate upload', duplicate);
    expect(duplicate?.hint).toMatch(/already in this zone/);
  });

  it('refuses a CA and an unknown cert_id with errors that say what to do', async () => {
    const ca = await makeCA({ cn: 'aop-certs live test stray CA' });
    const caError = await failureOf(
      client.uploadCertificate(zoneId, { certificate: ca.certPem, privateKey: ca.keyPem }),
    );
    report('CA uploaded as a leaf', caError);
    expect(caError?.codes.map((c) => c.message).join(' ')).toMatch(/missing leaf certificate/i);

    const unknown = await failureOf(
      client.putHostnames(zoneId, [
        {
          hostname: hostname || 'aop-certs-live.invalid',
          certId: '00000000-0000-0000-0000-000000000000',
          enabled: true,
        },
      ]),
    );
    report('unknown cert_id', unknown);
    expect(unknown).toBeInstanceOf(CloudflareApiError);
  });

  it.skipIf(!hostname)(
    'associates a hostname, reads it back, voids it and deletes the certificate',
    async () => {
      expect(uploaded).toBeDefined();
      const certId = uploaded!.id;
      const [association] = await client.putHostnames(zoneId, [{ hostname, certId, enabled: true }]);
      expect(association).toMatchObject({ hostname, certId, enabled: true });
      expect(await client.getHostname(zoneId, hostname)).toMatchObject({ hostname, certId });
      expect((await client.listHostnames(zoneId)).some((a) => a.hostname === hostname)).toBe(true);

      const refusal = await failureOf(client.deleteCertificate(zoneId, certId));
      report('delete while associated', refusal);
      if (!refusal) {
        uploaded = undefined;
        throw new Error(
          'Cloudflare deleted a certificate a hostname still used: the emulator refuses this; update it',
        );
      }

      await client.putHostnames(zoneId, [{ hostname, certId, enabled: null }]);
      await client.deleteCertificate(zoneId, certId);
      uploaded = undefined;
      console.log('live: requests made:', client.stats);
    },
  );
});

if (!configured) {
  console.warn('live Cloudflare test skipped: AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN are not set');
  describe('Cloudflare client against a real zone', () => {
    it.skip('skipped: set AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN (a throwaway zone) to run it', () => {});
  });
}
