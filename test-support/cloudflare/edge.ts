/**
 * The emulator as Cloudflare's edge: a plain-HTTP listener on loopback that takes a request for a
 * hostname, finds the hostname's enabled, active per-hostname association, and forwards the
 * request to the hostname's origin over TLS (SNI and Host = the hostname), presenting that
 * association's certificate with the key uploaded with it. A hostname without one goes to its
 * origin with no client certificate, as Cloudflare does without AOP.
 *
 * Cloudflare's own answers when the origin fails are mirrored by status: 521 (connection
 * refused), 525 (TLS handshake failed), 522 (timed out).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CloudflareEmulator } from './emulator.js';

export interface EdgeOrigin {
  address: string;
  port: number;
}

export interface Edge {
  /** `http://127.0.0.1:<port>`: send requests here with the hostname in Host. */
  readonly url: string;
  readonly port: number;
  /** Where a hostname's origin is (Cloudflare's DNS record for it). */
  setOrigin(hostname: string, origin: EdgeOrigin): void;
  close(): Promise<void>;
}

interface KeyPair {
  certificate: string;
  privateKey: string;
}

/** Start it before the uploads it must present: it keeps each uploaded key, as Cloudflare does. */
export async function startEdge(emulator: CloudflareEmulator, zoneId: string): Promise<Edge> {
  const keys = new Map<string, KeyPair>();
  const origins = new Map<string, EdgeOrigin>();
  emulator.onAnswer(({ operation, zoneId: answeredZone, body, response }) => {
    if (operation !== 'uploadCertificate' || answeredZone !== zoneId || response.status !== 200) return;
    const result = response.body.result as { id?: unknown };
    const sent = body as { certificate?: unknown; private_key?: unknown };
    if (
      typeof result.id === 'string' &&
      typeof sent.certificate === 'string' &&
      typeof sent.private_key === 'string'
    ) {
      keys.set(result.id, { certificate: sent.certificate, privateKey: sent.private_key });
    }
  });

  const clientCertificateFor = (hostname: string): KeyPair | undefined => {
    const association = emulator
      .associations(zoneId)
      .find(
        (candidate) =>
          candidate.hostname === hostname && candidate.enabled === true && candidate.status === 'active',
      );
    return association ? keys.get(association.certId) : undefined;
  };

  const answer = (res: ServerResponse, status: number, text: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain', server: 'cloudflare-emulator' });
    res.end(`${status} ${text}\n`);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const origin = origins.get(hostname);
    if (!origin) return answer(res, 530, `no origin for ${hostname || 'this request'} (setOrigin)`);
    const client = clientCertificateFor(hostname);
    const upstream = httpsRequest({
      host: origin.address,
      port: origin.port,
      servername: hostname,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: hostname, 'cf-connecting-ip': req.socket.remoteAddress ?? '' },
      rejectUnauthorized: false,
      timeout: 10_000,
      ...(client ? { cert: client.certificate, key: client.privateKey } : {}),
    });
    upstream.on('response', (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    });
    upstream.on('timeout', () =>
      upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return answer(res, 521, 'Web server is down');
      if (error.code === 'ETIMEDOUT') return answer(res, 522, 'Connection timed out');
      answer(res, 525, `SSL handshake failed (${error.code ?? error.message})`);
    });
    req.pipe(upstream);
  };

  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setOrigin: (hostname, origin) => void origins.set(hostname.toLowerCase(), origin),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request through the edge for `hostname`: what a visitor's browser would get. */
export function fetchThroughEdge(
  edge: Edge,
  hostname: string,
  path = '/',
): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: edge.port, path, headers: { host: hostname } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
