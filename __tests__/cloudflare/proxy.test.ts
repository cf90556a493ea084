import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCloudflareClient } from '../../src/cloudflare/index.js';
import { startCloudflareEmulator, type CloudflareEmulator } from '../../test-support/cloudflare/emulator.js';
import { TOKEN, ZONE } from './harness.js';

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/** A CONNECT proxy that remembers where it was asked to tunnel. */
async function startProxy(): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer();
  server.on('connect', (req, clientSocket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

describe('proxies from the environment (EnvHttpProxyAgent)', () => {
  const saved: Record<string, string | undefined> = {};
  let emulator: CloudflareEmulator;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeEach(async () => {
    for (const name of PROXY_VARIABLES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    emulator = await startCloudflareEmulator({ token: TOKEN, zones: [ZONE] });
    proxy = await startProxy();
  });

  afterEach(async () => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
    await emulator.close();
  });

  async function settingsThroughClient(): Promise<void> {
    const client = createCloudflareClient({
      apiUrl: emulator.url,
      auth: { kind: 'token', token: TOKEN },
      pace: false,
    });
    try {
      expect(await client.getSettings(ZONE)).toEqual({ enabled: false });
    } finally {
      await client.close();
    }
  }

  it('goes through the proxy the environment names', async () => {
    process.env.HTTP_PROXY = proxy.url;
    await settingsThroughClient();
    expect(proxy.tunnels).toEqual([new URL(emulator.url).host]);
  });

  it('goes direct for a host NO_PROXY lists', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await settingsThroughClient();
    expect(proxy.tunnels).toEqual([]);
  });
});
