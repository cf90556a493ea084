/** Shared set-up for the Cloudflare client tests: an emulator, a zone, a client, a PKI. */
import {
  createCloudflareClient,
  type ClientOptions,
  type ClosableCloudflareClient,
} from '../../src/cloudflare/index.js';
import {
  startCloudflareEmulator,
  type CloudflareEmulator,
  type EmulatorOptions,
} from '../../test-support/cloudflare/emulator.js';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';

export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const TOKEN = 'tok-3f9c1d7e5b2a4c68';

export interface Harness {
  emulator: CloudflareEmulator;
  client: ClosableCloudflareClient;
  /** What the client logged at info and warning level (retry notices, the global-key warning). */
  logLines: string[];
  sleeps: number[];
  close(): Promise<void>;
}

/** A client with pacing off and recorded, instant sleeps (on a fake clock) unless `clientOptions` says otherwise. */
export async function startHarness(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<Harness> {
  const emulator = await startCloudflareEmulator({
    token: TOKEN,
    statusStepMs: 20,
    zones: [ZONE],
    ...emulatorOptions,
  });
  const logLines: string[] = [];
  const sleeps: number[] = [];
  let fakeNow = Date.now();
  let closed = false;
  const client = createCloudflareClient({
    apiUrl: emulator.url,
    auth: { kind: 'token', token: TOKEN },
    log: { debug() {}, info: (m) => logLines.push(m), warning: (m) => logLines.push(m) },
    pace: false,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      fakeNow += ms;
    },
    now: () => fakeNow,
    ...(clientOptions.sleep ? { now: Date.now } : {}),
    ...clientOptions,
  });
  return {
    emulator,
    client,
    logLines,
    sleeps,
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      await emulator.close();
    },
  };
}

let sharedCA: Promise<Issued> | undefined;

/** One CA per test file run; leaves are made fresh for each test. */
export function testCA(): Promise<Issued> {
  sharedCA ??= makeCA();
  return sharedCA;
}

export async function freshLeaf(hostname = 'app.example.com'): Promise<Issued> {
  return makeLeaf(await testCA(), { dns: [hostname] });
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
