import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareApiError, DEFAULT_PACE } from '../../src/cloudflare/index.js';
import { backoffMs, parseRetryAfter, retryAfterDelayMs } from '../../src/cloudflare/backoff.js';
import { Pacer } from '../../src/cloudflare/pacer.js';
import { startHarness, ZONE, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness?.close());

const realSleep = (ms: number) => delay(ms);

async function failure(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudflareApiError);
  return error as CloudflareApiError;
}

describe('retries', () => {
  it('a 429 with retry-after: 2 waits about 2 s, then succeeds', async () => {
    harness = await startHarness({}, { sleep: realSleep });
    harness.emulator.injectFault('getSettings', { status: 429, retryAfter: 2 });
    const started = Date.now();
    expect(await harness.client.getSettings(ZONE)).toEqual({ enabled: false });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(4_000);
    expect(harness.client.stats).toEqual({ requests: 2, writes: 0, retries: 1 });
  });

  it("the emulator's own rate limit answers 429 with retry-after, and the client waits it out", async () => {
    harness = await startHarness(
      { rateLimit: { requests: 3, windowMs: 60_000, lockoutSeconds: 1 } },
      { sleep: realSleep },
    );
    for (let i = 0; i < 3; i++) await harness.client.getSettings(ZONE);
    const started = Date.now();
    await harness.client.getSettings(ZONE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(harness.emulator.requestLog.map((e) => e.status)).toEqual([200, 200, 200, 429, 200]);
  });

  it('5xx answers are retried with growing, jittered backoff', async () => {
    harness = await startHarness();
    harness.emulator.injectFault('listCertificates', { status: 503, count: 3 });
    expect(await harness.client.listCertificates(ZONE)).toEqual([]);
    expect(harness.sleeps).toHaveLength(3);
    const [first, second, third] = harness.sleeps as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1_000);
    expect(second).toBeGreaterThanOrEqual(1_000);
    expect(second).toBeLessThanOrEqual(2_000);
    expect(third).toBeGreaterThanOrEqual(2_000);
    expect(third).toBeLessThanOrEqual(4_000);
    expect(harness.logLines[0]).toMatch(/listCertificates: HTTP 503.*retrying in .* s, attempt 2 of 5/);
  });

  it('a dropped connection and a timeout on a read are retried', async () => {
    harness = await startHarness({}, { timeoutMs: 150 });
    harness.emulator.injectFault('listHostnames', { reset: 'before' });
    harness.emulator.injectFault('listHostnames', { delayMs: 600 });
    expect(await harness.client.listHostnames(ZONE)).toEqual([]);
    expect(harness.client.stats.retries).toBe(2);
    expect(harness.logLines.join('\n')).toMatch(/connection failed[\s\S]*timed out/);
  });

  it('gives up after maxAttempts, saying how many', async () => {
    harness = await startHarness({}, { maxAttempts: 3 });
    harness.emulator.injectFault('getSettings', { status: 502, count: 10 });
    const error = await failure(harness.client.getSettings(ZONE));
    expect(error).toMatchObject({ status: 502, attempts: 3, operation: 'getSettings' });
    expect(error.message).toMatch(/^Cloudflare getSettings failed after 3 attempts: HTTP 502/);
    expect(harness.client.stats.requests).toBe(3);
  });

  it('gives up when the next wait would pass the total retry budget', async () => {
    harness = await startHarness({}, { maxRetryMs: 2_500, random: () => 0.99 });
    harness.emulator.injectFault('getSettings', { status: 500, count: 10 });
    const error = await failure(harness.client.getSettings(ZONE));
    expect(harness.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2_500);
    expect(error.hint).toMatch(/Gave up after .* s of retries \(the 2\.5 s retry budget\)/);
  });

  it.each([400, 401, 403, 404])('does not retry HTTP %i', async (status) => {
    harness = await startHarness();
    harness.emulator.injectFault('getCertificate', { status, count: 5 });
    const error = await failure(harness.client.getCertificate(ZONE, '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60'));
    expect(error).toMatchObject({ status, attempts: 1 });
    expect(harness.client.stats.requests).toBe(1);
    expect(harness.sleeps).toEqual([]);
  });

  it('survives one five-minute lockout (retry-after: 300) within the default budget', async () => {
    harness = await startHarness();
    harness.emulator.injectFault('listCertificates', { status: 429, retryAfter: 300 });
    expect(await harness.client.listCertificates(ZONE)).toEqual([]);
    expect(harness.sleeps).toHaveLength(1);
    expect(harness.sleeps[0]).toBeGreaterThanOrEqual(300_000);
    expect(harness.sleeps[0]).toBeLessThanOrEqual(301_000);
    expect(harness.logLines[0]).toMatch(/retrying in 30\d s \(Cloudflare blocks a token for 5 minutes/);
  });

  it('fails on a second lockout with a message that names it', async () => {
    harness = await startHarness();
    harness.emulator.injectFault('listCertificates', { status: 429, retryAfter: 300, count: 2 });
    const error = await failure(harness.client.listCertificates(ZONE));
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/971 Please wait/);
    expect(error.hint).toMatch(/asked to wait 30\d s more .* past the 360 s retry budget/);
    expect(error.hint).toMatch(/blocks a token for 5 minutes once it has made 1,200 requests in 5 minutes/);
    expect(harness.sleeps).toHaveLength(1);
  });
});

describe('pacing', () => {
  it('defaults to 900 requests per 5 minutes: room under 1,200 for other users of the token', () => {
    expect(DEFAULT_PACE).toEqual({ requests: 900, windowMs: 300_000 });
  });

  it('holds requests back once the window is full', async () => {
    harness = await startHarness({}, { pace: { requests: 3, windowMs: 400 }, sleep: realSleep });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => harness.client.getSettings(ZONE)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    const times = harness.emulator.requestLog.map((e) => e.at);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(380);
  });

  it('pauses every caller while Cloudflare has asked to wait', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new Pacer(
      false,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
      () => now,
    );
    pacer.pauseUntil(5_000);
    await pacer.acquire();
    expect(waits).toEqual([5_000]);
  });
});

describe('backoff arithmetic', () => {
  it('reads retry-after as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('300', 0)).toBe(300_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('caps the backoff at 30 s', () => {
    expect(backoffMs(20, () => 1)).toBe(30_000);
    expect(backoffMs(1, () => 0)).toBe(500);
  });

  it('adds at most 10% (and at most 1 s) to a retry-after', () => {
    expect(retryAfterDelayMs(2_000, () => 0)).toBe(2_000);
    expect(retryAfterDelayMs(2_000, () => 1)).toBe(2_200);
    expect(retryAfterDelayMs(300_000, () => 1)).toBe(301_000);
  });
});
