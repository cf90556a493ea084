/**
 * A stateful Cloudflare per-hostname AOP API on 127.0.0.1, for unit, end-to-end tests and the demo.
 * What it copies from the real API, and what it guesses, is in README.md next to this file.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { AopStatus, CloudflareOperation } from '../../src/cloudflare/types.js';
import { alertingRoutes, type AlertingEmulator } from './alerting.js';
import { authenticate, type AuthConfig } from './auth.js';
import { ApiFailure, type ApiResponse } from './envelope.js';
import {
  FaultInjector,
  RateLimiter,
  type FaultAction,
  type FaultSpec,
  type RateLimitOptions,
} from './faults.js';
import { echoRequest } from './echo.js';
import { dialectOf, type Dialect, type DialectName } from './dialects.js';
import { ROUTES } from './routes.js';
import { Clock, Zone, type ZoneOptions } from './state.js';

export type { Dialect, DialectName, FaultSpec, RateLimitOptions, ZoneOptions };

export interface EmulatorOptions {
  /** The valid read-write API token. Default `emulator-token`. */
  token?: string;
  /** Tokens that may only read. */
  readOnlyTokens?: string[];
  /** The valid `X-Auth-Email` + `X-Auth-Key` pair. */
  globalKey?: { email: string; key: string };
  /** How long each status step takes (initializing → pending_deployment → active). Default 100 ms. */
  statusStepMs?: number;
  /** From upload to `active`; default two status steps. Cloudflare takes about half a minute or more. */
  activationMs?: number;
  /** Default: Cloudflare's 1,200 requests per 5 minutes, then a 300 s lockout. */
  rateLimit?: RateLimitOptions | false;
  /** Zones to create at start. */
  zones?: Record<string, ZoneOptions> | string[];
  /** How this instance answers where Cloudflare's behaviour is unknown (dialects.ts). Default: `default`. */
  dialect?: Dialect | DialectName;
}

export interface RequestLogEntry {
  method: string;
  /** Path below the base URL, e.g. `/zones/z1/origin_tls_client_auth/hostnames`. */
  path: string;
  query: string;
  /** Undefined when no route matched. */
  operation?: CloudflareOperation;
  /** HTTP status answered, or `reset` when the connection was dropped. */
  status: number | 'reset';
  write: boolean;
  at: number;
}

export interface CertificateView {
  id: string;
  status: AopStatus;
  sha256: string;
  serialNumber: string;
  expiresOn: string;
  /** Hostnames associated with it (enabled true or false; voided ones are not counted). */
  hostnames: string[];
}

export interface AssociationView {
  hostname: string;
  certId: string;
  enabled: boolean | null;
  status: AopStatus;
}

/** One answered zone request, for listeners such as the edge (which keeps uploaded keys, as Cloudflare does). */
export interface AnsweredRequest {
  operation: CloudflareOperation;
  zoneId: string;
  body: unknown;
  response: ApiResponse;
}

export interface CloudflareEmulator {
  /** Base URL including `/client/v4`: what `api-url` takes. */
  readonly url: string;
  readonly token: string;
  readonly globalKey: { email: string; key: string };
  readonly clock: Clock;
  addZone(zoneId: string, options?: ZoneOptions): void;
  /** Insert a certificate as if someone else uploaded it (no checks); returns its ID. */
  seedCertificate(
    zoneId: string,
    certificatePem: string,
    options?: { status?: AopStatus; hostnames?: string[] },
  ): string;
  certificates(zoneId: string): CertificateView[];
  /**
   * Resolves once no certificate a DELETE reached is still `pending_deletion`. Deploy does not wait out the
   * deletions of its last wave (nothing needs their slots), so a test that reads what Cloudflare
   * holds after a run waits here, as a person would wait for Cloudflare to finish.
   */
  settled(timeoutMs?: number): Promise<void>;
  associations(zoneId: string): AssociationView[];
  setCertificateStatus(zoneId: string, certId: string, status: AopStatus): void;
  setAssociationStatus(zoneId: string, hostname: string, status: AopStatus): void;
  /** The next `count` uploads to the zone end in `deployment_timed_out` instead of `active`. */
  timeOutNextUploads(zoneId: string, count?: number): void;
  setZoneSetting(zoneId: string, enabled: boolean): void;
  /** Global AOP (`tls_client_auth`) of the zone. */
  setGlobalSetting(zoneId: string, enabled: boolean): void;
  /** The dialect this instance speaks, every switch spelled out. */
  readonly dialect: Required<Dialect>;
  injectFault(operation: CloudflareOperation, fault: FaultSpec): void;
  clearFaults(): void;
  readonly requestLog: readonly RequestLogEntry[];
  clearRequestLog(): void;
  /** Write requests received (POST, PUT, DELETE), whatever their outcome. */
  writeCount(): number;
  /** Every time a hostname was pointed at a certificate that was not `active`. Empty when all is well. */
  invariantViolations(): string[];
  /** Moves the status clock forward. */
  advanceClock(ms: number): void;
  /** Notification policies (`/accounts/{id}/alerting/v3/policies`): inspect, seed, and the token's permission. */
  readonly alerting: AlertingEmulator;
  /** Calls `listener` with every answered zone request. */
  onAnswer(listener: (answered: AnsweredRequest) => void): void;
  close(): Promise<void>;
}

const BASE_PATH = '/client/v4';
const ZONE_PATH = /^\/zones\/([^/]+)\/origin_tls_client_auth(\/.*)?$/;
/** Global AOP lives outside origin_tls_client_auth; its route is found under an `@` prefix. */
const GLOBAL_PATH = /^\/zones\/([^/]+)(\/settings\/tls_client_auth)$/;

const LIST_REFUSALS: Record<404 | 405 | 400, [number, string]> = {
  404: [7003, 'No route for the URI'],
  405: [10405, 'Method not allowed for this route'],
  400: [1004, 'Invalid request: unknown parameters status, page, per_page'],
};

export async function startCloudflareEmulator(options: EmulatorOptions = {}): Promise<CloudflareEmulator> {
  const token = options.token ?? 'emulator-token';
  const globalKey = options.globalKey ?? { email: 'ops@example.com', key: 'emulator-global-key' };
  const auth: AuthConfig = {
    tokens: new Set([token]),
    readOnlyTokens: new Set(options.readOnlyTokens),
    globalKey,
  };
  const clock = new Clock(options.statusStepMs ?? 100, options.activationMs);
  const dialect = dialectOf(options.dialect);
  const rateLimiter = new RateLimiter(
    options.rateLimit ?? { requests: 1200, windowMs: 300_000, lockoutSeconds: 300 },
  );
  const faults = new FaultInjector();
  const zones = new Map<string, Zone>();
  const violations: string[] = [];
  const requestLog: RequestLogEntry[] = [];
  const alerting = alertingRoutes(auth);
  const listeners: ((answered: AnsweredRequest) => void)[] = [];

  const zoneOf = (zoneId: string): Zone => {
    const zone = zones.get(zoneId);
    if (!zone) throw new Error(`emulator: no zone ${zoneId}; call addZone first`);
    return zone;
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname;
    const entry: RequestLogEntry = {
      method,
      path,
      query: url.search,
      status: 0,
      write: method !== 'GET',
      at: Date.now(),
    };
    requestLog.push(entry);
    const rawBody = await readBody(req);
    if (
      alerting.serve(path, method, req, rawBody, res, (operation, status) =>
        Object.assign(entry, { operation, status }),
      )
    )
      return;
    let fault: FaultAction | undefined;
    let response: ApiResponse;
    let caller: string | undefined;
    let route: (typeof ROUTES)[number] | undefined;
    try {
      const global = GLOBAL_PATH.exec(path);
      const match = global ? ([global[0], global[1], `@${global[2]}`] as const) : ZONE_PATH.exec(path);
      route = match ? ROUTES.find((r) => r.method === method && r.pattern.test(match[2] ?? '')) : undefined;
      if (!match || !route) throw new ApiFailure(404, 7003, 'No route for the URI');
      entry.operation = route.operation;
      caller = authenticate(auth, req.headers, entry.write);
      rateLimiter.check(caller, Date.now());
      if (route.operation === 'listHostnames' && dialect.associationList !== 'served') {
        const [code, message] = LIST_REFUSALS[dialect.associationList];
        throw new ApiFailure(dialect.associationList, code, message);
      }
      const zone = zones.get(decodeURIComponent(match[1]!));
      if (!zone)
        throw new ApiFailure(
          404,
          7003,
          'Could not route to this zone, perhaps your object identifier is invalid?',
        );
      fault = faults.take(route.operation);
      if (fault?.kind === 'respond') throw echoRequest(fault.failure, rawBody, req.headers);
      if (fault?.kind === 'reset' && fault.when === 'before') {
        entry.status = 'reset';
        req.socket.destroy();
        return;
      }
      const params = (route.pattern.exec(match[2] ?? '') ?? []).slice(1).map(decodeURIComponent);
      const body = parseBody(rawBody);
      response = route.handle({ zone, params, query: url.searchParams, body });
      for (const listener of listeners)
        listener({ operation: route.operation, zoneId: zone.id, body, response });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      response = error.toResponse();
    }
    if (fault?.kind === 'reset') {
      entry.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await delay(fault.ms);
    if (dialect.writeResults === 'null' && entry.write && response.body.success) {
      response = { ...response, body: { ...response.body, result: null } };
      delete response.body.result_info;
    }
    if (dialect.rateLimitHeaders && caller !== undefined) {
      response = {
        ...response,
        headers: { ...response.headers, ...rateLimiter.headers(caller, Date.now()) },
      };
    }
    entry.status = response.status;
    const body = JSON.stringify(response.body);
    res.writeHead(response.status, {
      'content-type': 'application/json',
      'cf-ray': `${randomBytes(8).toString('hex')}-EMU`,
      ...response.headers,
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error('cloudflare emulator:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: false,
          errors: [{ code: 1000, message: 'emulator error' }],
          messages: [],
          result: null,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const emulator: CloudflareEmulator = {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    token,
    globalKey,
    clock,
    addZone(zoneId, zoneOptions) {
      zones.set(zoneId, new Zone(zoneId, clock, violations, zoneOptions, dialect));
    },
    seedCertificate(zoneId, certificatePem, seedOptions = {}) {
      const zone = zoneOf(zoneId);
      const cert = zone.seed(certificatePem, seedOptions.status);
      const now = clock.now();
      for (const hostname of seedOptions.hostnames ?? []) {
        zone.associations.set(hostname, {
          hostname,
          certId: cert.id,
          enabled: true,
          createdAt: now,
          changedAt: now,
          pinned: 'active',
        });
      }
      return cert.id;
    },
    async settled(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      const deleting = () =>
        [...zones.values()].some((zone) =>
          zone
            .liveCertificates()
            .some(
              (cert) => cert.deletedAt !== undefined && zone.certificateStatus(cert) === 'pending_deletion',
            ),
        );
      while (deleting()) {
        if (Date.now() > deadline) throw new Error('emulator: a deletion is still pending');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    certificates(zoneId) {
      const zone = zoneOf(zoneId);
      return zone.liveCertificates().map((cert) => ({
        id: cert.id,
        status: zone.certificateStatus(cert),
        sha256: cert.sha256,
        serialNumber: cert.serialNumber,
        expiresOn: cert.expiresOn,
        hostnames: [...zone.associations.values()]
          .filter((a) => a.certId === cert.id && a.enabled !== null)
          .map((a) => a.hostname),
      }));
    },
    associations(zoneId) {
      const zone = zoneOf(zoneId);
      return [...zone.associations.values()].map((a) => ({
        hostname: a.hostname,
        certId: a.certId,
        enabled: a.enabled,
        status: zone.associationStatus(a),
      }));
    },
    setCertificateStatus(zoneId, certId, status) {
      const cert = zoneOf(zoneId).certificates.get(certId);
      if (!cert) throw new Error(`emulator: no certificate ${certId} in zone ${zoneId}`);
      cert.pinned = status;
    },
    setAssociationStatus(zoneId, hostname, status) {
      const association = zoneOf(zoneId).associations.get(hostname);
      if (!association) throw new Error(`emulator: no association for ${hostname} in zone ${zoneId}`);
      association.pinned = status;
    },
    timeOutNextUploads(zoneId, count = 1) {
      zoneOf(zoneId).uploadsToTimeOut += count;
    },
    setZoneSetting(zoneId, enabled) {
      zoneOf(zoneId).settingEnabled = enabled;
    },
    setGlobalSetting(zoneId, enabled) {
      zoneOf(zoneId).globalEnabled = enabled;
    },
    dialect,
    injectFault: (operation, fault) => faults.inject(operation, fault),
    clearFaults: () => faults.clear(),
    requestLog,
    clearRequestLog: () => void requestLog.splice(0),
    writeCount: () => requestLog.filter((entry) => entry.write).length,
    invariantViolations: () => [...violations],
    advanceClock: (ms) => clock.advance(ms),
    alerting,
    onAnswer: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  for (const [zoneId, zoneOptions] of Object.entries(normalizeZones(options.zones)))
    emulator.addZone(zoneId, zoneOptions);
  return emulator;
}

function normalizeZones(zones: EmulatorOptions['zones']): Record<string, ZoneOptions> {
  if (!zones) return {};
  return Array.isArray(zones) ? Object.fromEntries(zones.map((id) => [id, {}])) : zones;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiFailure(400, 1001, 'The request body is not valid JSON');
  }
}
