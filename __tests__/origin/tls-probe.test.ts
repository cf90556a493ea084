import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runProbes } from '../../src/origin/run.js';
import { probeOnce } from '../../src/origin/tls-probe.js';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';

let ca: Issued;
let serverCert: Issued;
let leaf: Issued;
const servers: Server[] = [];

beforeAll(async () => {
  ca = await makeCA();
  serverCert = await makeLeaf(ca, { dns: ['app.example.com'], eku: ['serverAuth'] });
  leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const at = (port: number) => ({ address: '127.0.0.1', port, path: '/' });

describe('probeOnce against node servers on loopback', () => {
  it('a server that requires a client certificate: an alert without one, an HTTP answer with the leaf, Host and SNI = the hostname', async () => {
    let seen: { servername?: string; host?: string } = {};
    const port = await listen(
      createTlsServer(
        {
          cert: serverCert.certPem,
          key: serverCert.keyPem,
          ca: ca.certPem,
          requestCert: true,
          rejectUnauthorized: true,
        },
        (socket) => {
          seen.servername = socket.servername || undefined;
          socket.once('data', (data) => {
            seen.host = /\r\nHost: ([^\r]+)/.exec(data.toString())?.[1];
            socket.end('HTTP/1.1 200 OK\r\nServer: probe-test\r\nContent-Length: 2\r\n\r\nok');
          });
        },
      ),
    );
    const refused = await probeOnce(at(port), 'app.example.com', undefined);
    expect(refused.kind).toBe('tls-refused');
    seen = {};
    const accepted = await probeOnce(at(port), 'app.example.com', {
      certificatePem: leaf.certPem,
      privateKeyPem: leaf.keyPem,
    });
    expect(accepted).toEqual({ kind: 'http', status: 200, reason: 'OK', server: 'probe-test' });
    expect(seen).toEqual({ servername: 'app.example.com', host: 'app.example.com' });
  });

  it('a closed port, and a port that speaks plain HTTP, are unreachable; a server that hangs up is a refusal', async () => {
    const closed = await listen(createNetServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await probeOnce(at(closed), 'app.example.com', undefined)).toEqual({
      kind: 'unreachable',
      reason: 'no TCP connection (ECONNREFUSED)',
    });
    const plain = await listen(createHttpServer((_req, res) => res.end('hi')));
    expect((await probeOnce(at(plain), 'app.example.com', undefined)).kind).toBe('unreachable');
    const hangUp = await listen(createNetServer((socket) => socket.destroy()));
    expect((await probeOnce(at(hangUp), 'app.example.com', undefined)).kind).toBe('tls-refused');
  });

  it('runProbes stops at an unreachable origin and says why the rest were skipped', async () => {
    const closed = await listen(createNetServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const [probes] = await runProbes(
      [
        {
          zone: 'example.com',
          certificate: 'app',
          hostname: 'app.example.com',
          origin: at(closed),
          noLeafBecause: 'no key here',
        },
      ],
      ['none', 'foreign', 'leaf'],
    );
    expect(probes!.results.map((result) => [result.probe, result.verdict])).toEqual([
      ['none', 'unreachable'],
    ]);
    expect(probes!.skipped).toEqual([
      { probe: 'foreign', why: 'the origin could not be reached' },
      { probe: 'leaf', why: 'the origin could not be reached' },
    ]);
  });
});
