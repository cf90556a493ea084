import { afterEach, describe, expect, it } from 'vitest';
import { startCloudflareEmulator, type CloudflareEmulator } from '../../test-support/cloudflare/emulator.js';
import { freshLeaf, TOKEN, ZONE } from './harness.js';

let emulator: CloudflareEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function call(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await fetch(`${emulator!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

const base = `/zones/${ZONE}/origin_tls_client_auth`;

describe('the Cloudflare emulator', () => {
  it('moves a certificate initializing → pending_deployment → active on a manual clock', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, statusStepMs: 60_000, zones: [ZONE] });
    const leaf = await freshLeaf();
    const upload = await call('POST', `${base}/hostnames/certificates`, {
      body: { certificate: leaf.certPem, private_key: leaf.keyPem },
    });
    const id = (upload.json.result as { id: string }).id;
    const status = () => emulator!.certificates(ZONE).find((c) => c.id === id)?.status;
    expect(status()).toBe('initializing');
    emulator.advanceClock(60_000);
    expect(status()).toBe('pending_deployment');
    emulator.advanceClock(60_000);
    expect(status()).toBe('active');
  });

  it('ends in deployment_timed_out when asked, and pins any status', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, statusStepMs: 1, zones: [ZONE] });
    emulator.timeOutNextUploads(ZONE);
    const leaf = await freshLeaf();
    await call('POST', `${base}/hostnames/certificates`, {
      body: { certificate: leaf.certPem, private_key: leaf.keyPem },
    });
    emulator.advanceClock(10);
    const [cert] = emulator.certificates(ZONE);
    expect(cert!.status).toBe('deployment_timed_out');
    emulator.setCertificateStatus(ZONE, cert!.id, 'deletion_timed_out');
    expect(emulator.certificates(ZONE)[0]!.status).toBe('deletion_timed_out');
  });

  it('records an invariant violation when a hostname is pointed at a certificate that is not active', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, statusStepMs: 60_000, zones: [ZONE] });
    const leaf = await freshLeaf();
    const upload = await call('POST', `${base}/hostnames/certificates`, {
      body: { certificate: leaf.certPem, private_key: leaf.keyPem },
    });
    const id = (upload.json.result as { id: string }).id;
    expect(emulator.invariantViolations()).toEqual([]);
    const put = await call('PUT', `${base}/hostnames`, {
      body: { config: [{ hostname: 'a.example.com', cert_id: id, enabled: true }] },
    });
    expect(put.status).toBe(200);
    expect(emulator.invariantViolations()).toEqual([
      `a.example.com was pointed at certificate ${id} while it was initializing`,
    ]);
  });

  it('keeps no violation when the certificate is active first, and the association follows the clock', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, statusStepMs: 1_000, zones: [ZONE] });
    const id = emulator.seedCertificate(ZONE, (await freshLeaf()).certPem);
    await call('PUT', `${base}/hostnames`, {
      body: { config: [{ hostname: 'a.example.com', cert_id: id, enabled: true }] },
    });
    expect(emulator.associations(ZONE)).toEqual([
      { hostname: 'a.example.com', certId: id, enabled: true, status: 'pending_deployment' },
    ]);
    emulator.advanceClock(1_000);
    expect(emulator.associations(ZONE)[0]!.status).toBe('active');
    expect(emulator.invariantViolations()).toEqual([]);
    const active = await call('GET', `${base}/hostnames`);
    expect((active.json.result as unknown[]).length).toBe(1);
  });

  it('lists only active associations unless status says otherwise', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, statusStepMs: 1_000, zones: [ZONE] });
    const id = emulator.seedCertificate(ZONE, (await freshLeaf()).certPem);
    await call('PUT', `${base}/hostnames`, {
      body: { config: [{ hostname: 'a.example.com', cert_id: id, enabled: true }] },
    });
    expect((await call('GET', `${base}/hostnames`)).json.result).toEqual([]);
    expect(((await call('GET', `${base}/hostnames?status=all`)).json.result as unknown[]).length).toBe(1);
    expect((await call('GET', `${base}/hostnames?status=bogus`)).status).toBe(400);
  });

  it('refuses a missing auth header (400), a bad global key (403), and answers 404 7003 off the map', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, zones: [ZONE] });
    const none = await fetch(`${emulator.url}${base}/settings`);
    expect(none.status).toBe(400);
    const badKey = await call('GET', `${base}/settings`, {
      headers: { authorization: '', 'x-auth-email': 'ops@example.com', 'x-auth-key': 'nope' },
    });
    expect(badKey.status).toBe(403);
    const unrouted = await call('GET', `/zones/${ZONE}/dns_records`);
    expect(unrouted.status).toBe(404);
    expect(unrouted.json.errors).toEqual([{ code: 7003, message: 'No route for the URI' }]);
    expect((await call('GET', `/zones/unknown-zone/origin_tls_client_auth/settings`)).status).toBe(404);
  });

  it('locks a caller out for the configured time once over the rate limit', async () => {
    emulator = await startCloudflareEmulator({
      token: TOKEN,
      zones: [ZONE],
      rateLimit: { requests: 2, windowMs: 60_000, lockoutSeconds: 300 },
    });
    await call('GET', `${base}/settings`);
    await call('GET', `${base}/settings`);
    const limited = await call('GET', `${base}/settings`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('300');
    expect(limited.json.errors).toEqual([
      { code: 971, message: 'Please wait and consider throttling your request speed' },
    ]);
    expect((await call('GET', `${base}/settings`)).status).toBe(429);
  });

  it('consumes injected faults in order, then behaves again', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, zones: [ZONE] });
    emulator.injectFault('getSettings', { status: 500, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', `${base}/settings`)).status);
    expect(statuses).toEqual([500, 500, 200]);
    emulator.injectFault('getSettings', { reset: 'before' });
    await expect(call('GET', `${base}/settings`)).rejects.toThrow();
  });

  it('logs each request with method, path, operation, status and whether it wrote', async () => {
    emulator = await startCloudflareEmulator({ token: TOKEN, zones: [ZONE] });
    await call('GET', `${base}/settings`);
    await call('DELETE', `${base}/hostnames/certificates/00000000-0000-0000-0000-000000000000`);
    expect(
      emulator.requestLog.map(({ method, path, operation, status, write }) => ({
        method,
        path,
        operation,
        status,
        write,
      })),
    ).toEqual([
      { method: 'GET', path: `${base}/settings`, operation: 'getSettings', status: 200, write: false },
      {
        method: 'DELETE',
        path: `${base}/hostnames/certificates/00000000-0000-0000-0000-000000000000`,
        operation: 'deleteCertificate',
        status: 404,
        write: true,
      },
    ]);
    expect(emulator.writeCount()).toBe(1);
    emulator.clearRequestLog();
    expect(emulator.requestLog).toEqual([]);
  });
});
