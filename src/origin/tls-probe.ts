/**
 * One probe on the wire: TCP to the origin, TLS with SNI = the hostname (and the client
 * certificate, when given), then `GET path` with Host = the hostname. The key serves only the
 * handshake; nothing secret goes into the request. Never throws: every outcome is an observation.
 */
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { OriginTarget } from '../manifest/types.js';
import { alertName, pagePhrase } from './classify.js';
import type { ProbeObservation } from './types.js';

export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export interface ProbeOptions {
  connectTimeoutMs?: number;
  /** From the TCP connection to the end of the answer's head. */
  answerTimeoutMs?: number;
}

const MAX_ANSWER_BYTES = 16_384;

function hostOf(address: string): string {
  return address.replace(/^\[(.*)\]$/, '$1');
}

type Connected = { socket: Socket } | { observation: ProbeObservation };

function tcp(target: OriginTarget, timeoutMs: number): Promise<Connected> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostOf(target.address), port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        observation: { kind: 'unreachable', reason: `no TCP connection within ${timeoutMs / 1000} s` },
      });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        observation: { kind: 'unreachable', reason: `no TCP connection (${error.code ?? error.message})` },
      });
    });
  });
}

/** TLS errors that mean "this is not TLS" or "no common ground", not a refusal of the client. */
const NOT_TLS =
  /WRONG_VERSION_NUMBER|UNKNOWN_PROTOCOL|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|PACKET_LENGTH_TOO_LONG/;

export async function probeOnce(
  target: OriginTarget,
  hostname: string,
  client: ClientCertificate | undefined,
  options: ProbeOptions = {},
): Promise<ProbeObservation> {
  const connected = await tcp(target, options.connectTimeoutMs ?? 5_000);
  if ('observation' in connected) return connected.observation;
  const raw = connected.socket;
  return new Promise((resolve) => {
    let settled = false;
    let handshaken = false;
    let received = Buffer.alloc(0);
    const finish = (observation: ProbeObservation) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      resolve(observation);
    };
    let socket: TLSSocket;
    try {
      socket = tlsConnect({
        socket: raw,
        // The SNI names the hostname, as Cloudflare's does; an IP literal cannot be an SNI.
        ...(isIP(hostname) ? {} : { servername: hostname }),
        // The probe judges the origin's check of the client, not the origin's own certificate
        // (often a Cloudflare Origin CA one no public store trusts), and sends no secret.
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
        ...(client ? { cert: client.certificatePem, key: client.privateKeyPem } : {}),
      });
    } catch (error) {
      // Node refuses some keys before any byte is sent (ERR_SSL_EE_KEY_TOO_SMALL for a 512-bit
      // RSA leaf): the lints already name the key; the probe says it could not present it.
      raw.destroy();
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      resolve({ kind: 'tls-refused', alert: `the client certificate could not be presented (${code})` });
      return;
    }
    const timer = setTimeout(
      () =>
        finish(
          received.length > 0
            ? answerOf(received)
            : handshaken
              ? {
                  kind: 'tls-refused',
                  alert: `no answer within ${(options.answerTimeoutMs ?? 10_000) / 1000} s after the handshake`,
                }
              : {
                  kind: 'unreachable',
                  reason: `no TLS handshake within ${(options.answerTimeoutMs ?? 10_000) / 1000} s`,
                },
        ),
      options.answerTimeoutMs ?? 10_000,
    );
    socket.once('secureConnect', () => {
      handshaken = true;
      socket.write(
        `GET ${target.path} HTTP/1.1\r\nHost: ${hostname}\r\nUser-Agent: aop-certs-origin-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= MAX_ANSWER_BYTES) finish(answerOf(received));
    });
    socket.once('end', () => finish(received.length > 0 ? answerOf(received) : closedEarly(handshaken)));
    socket.once('close', () => finish(received.length > 0 ? answerOf(received) : closedEarly(handshaken)));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (received.length > 0) return finish(answerOf(received));
      if (!handshaken && NOT_TLS.test(`${error.code ?? ''} ${error.message}`)) {
        return finish({
          kind: 'unreachable',
          reason: `no TLS on ${target.address}:${target.port} (${error.code ?? error.message})`,
        });
      }
      finish({ kind: 'tls-refused', alert: alertName(error.code, error.message) });
    });
  });
}

function closedEarly(handshaken: boolean): ProbeObservation {
  return {
    kind: 'tls-refused',
    alert: handshaken
      ? 'connection closed after the handshake, with no answer'
      : 'connection closed during the handshake',
  };
}

function answerOf(bytes: Buffer): ProbeObservation {
  const text = bytes.toString('latin1');
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: ([^\r\n]*))?/.exec(text);
  if (!status) return { kind: 'tls-refused', alert: 'an answer that is not HTTP' };
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd >= 0 ? text.slice(0, headEnd) : text;
  const body = headEnd >= 0 ? text.slice(headEnd + 4) : '';
  const server = /^server:[ \t]*([^\r\n]{1,80})/im.exec(head)?.[1]?.replace(/[^A-Za-z0-9 .()/_-]/g, '');
  const phrase = pagePhrase(body);
  return {
    kind: 'http',
    status: Number(status[1]),
    reason: (status[2] ?? '').replace(/[^A-Za-z0-9 '-]/g, '').slice(0, 60),
    ...(server ? { server } : {}),
    ...(phrase ? { phrase } : {}),
  };
}
