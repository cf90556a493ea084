/** `getZone`: the zone's name for import, and a refusal (a token without Zone Read) as a typed error. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudflareApiError, createCloudflareClient } from '../../src/cloudflare/index.js';

const READABLE = '023e105f4ecef8ad9ca31a8372d0c353';
const server = createServer((request, response) => {
  const readable = request.url === `/client/v4/zones/${READABLE}`;
  response.writeHead(readable ? 200 : 403, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify(
      readable
        ? {
            success: true,
            errors: [],
            messages: [],
            result: { id: READABLE, name: 'Example.COM', status: 'active' },
          }
        : {
            success: false,
            errors: [{ code: 9109, message: 'Unauthorized to access requested resource' }],
            messages: [],
            result: null,
          },
    ),
  );
});
let apiUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('getZone', () => {
  it('returns the zone name in lower case, and a refusal as a CloudflareApiError', async () => {
    const client = createCloudflareClient({
      apiUrl,
      auth: { kind: 'token', token: 'tok-zone-read' },
      pace: false,
      maxAttempts: 1,
    });
    try {
      expect(await client.getZone(READABLE)).toEqual({ id: READABLE, name: 'example.com' });
      const refused = await client
        .getZone('ffffffffffffffffffffffffffffffff')
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CloudflareApiError);
      expect((refused as CloudflareApiError).status).toBe(403);
      expect((refused as CloudflareApiError).operation).toBe('getZone');
    } finally {
      await client.close();
    }
  });
});
