import { setTimeout as delay } from 'node:timers/promises';
import { EnvHttpProxyAgent } from 'undici';
import { CloudflareApiError } from './errors.js';
import { Executor } from './executor.js';
import { isReusable } from '../plan/statuses.js';
import {
  certificateItemShape,
  certificateSha256,
  isRecord,
  toHostnameAssociation,
  toHostnameCertificate,
} from './normalize.js';
import { Pacer } from './pacer.js';
import type { Envelope } from './transport.js';
import type {
  ClientOptions,
  ClientStats,
  CloudflareClient,
  CloudflareLogger,
  CloudflareOperation,
  HostnameCertificate,
  PaceOptions,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 5;
/** One 5-minute lockout (retry-after: 300) plus a minute of ordinary retries. */
const DEFAULT_MAX_RETRY_MS = 360_000;
/** 75% of Cloudflare's 1,200 per 5 minutes: the rest is left to the dashboard and other jobs on the token. */
export const DEFAULT_PACE: PaceOptions = { requests: 900, windowMs: 300_000 };
/** The largest page the association list serves (api reference §1.2, endpoint 7). */
const ASSOCIATIONS_PER_PAGE = 1000;
const MAX_PAGES = 1000;

const SILENT: CloudflareLogger = { debug() {}, info() {}, warning() {} };

export interface ClosableCloudflareClient extends CloudflareClient {
  /** Closes pooled connections; the client must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * The request machinery every Cloudflare client of the action shares: the proxy-aware dispatcher,
 * retries with backoff, pacing under the rate limit, and the run's request counts.
 */
export function executorFor(
  options: ClientOptions,
  log: CloudflareLogger,
): { executor: Executor; dispatcher: EnvHttpProxyAgent; stats: ClientStats } {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const now = options.now ?? Date.now;
  const dispatcher = new EnvHttpProxyAgent();
  const stats: ClientStats = { requests: 0, writes: 0, retries: 0 };
  const executor = new Executor(
    {
      apiUrl: options.apiUrl,
      auth: options.auth,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      dispatcher,
      userAgent: 'aop-certs',
    },
    {
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      maxRetryMs: options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS,
      sleep,
      now,
      random: options.random ?? Math.random,
    },
    new Pacer(options.pace ?? DEFAULT_PACE, sleep, now),
    stats,
    log,
  );
  return { executor, dispatcher, stats };
}

export function createCloudflareClient(options: ClientOptions): ClosableCloudflareClient {
  if (!URL.canParse(options.apiUrl) || !/^https?:$/.test(new URL(options.apiUrl).protocol)) {
    throw new Error(
      `api-url must be an http(s) URL such as https://api.cloudflare.com/client/v4, not "${options.apiUrl}".`,
    );
  }
  const log = options.log ?? SILENT;
  if (options.auth.kind === 'global-key') {
    log.warning(
      'Authenticating with auth-email and auth-key (the Global API key, which can do everything the account can). Prefer api-token: a token limited to "SSL and Certificates Write" on the zones in the manifest.',
    );
  }
  const { executor, dispatcher, stats } = executorFor(options, log);

  let shapeNoted = false;
  const noteShape = (raw: Record<string, unknown>[]) => {
    const first = raw[0];
    if (shapeNoted || !first) return;
    shapeNoted = true;
    log.debug(`Cloudflare listCertificates: items are ${certificateItemShape(first)}-shaped.`);
  };
  const oddResult = (operation: CloudflareOperation, result: unknown) =>
    log.debug(
      `Cloudflare ${operation}: success, with a result of an unexpected shape (${result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result}); the state is re-read instead.`,
    );

  const zonePath = (zoneId: string) => `/zones/${encodeURIComponent(zoneId)}/origin_tls_client_auth`;
  const certificatePath = (zoneId: string, certId: string) =>
    `${zonePath(zoneId)}/hostnames/certificates/${encodeURIComponent(certId)}`;

  const client: ClosableCloudflareClient = {
    stats,

    listCertificates: async (zoneId) => {
      const all: HostnameCertificate[] = [];
      let previous: string | undefined;
      // The SDKs read one page, but a recorded sibling list pages at 50: follow result_info when it says more.
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { items, more, signature } = await executor.send(
          {
            operation: 'listCertificates',
            method: 'GET',
            path: `${zonePath(zoneId)}/hostnames/certificates`,
            ...(page > 1 ? { query: { page: String(page) } } : {}),
          },
          (envelope) => {
            const raw = arrayResult('listCertificates', envelope);
            noteShape(raw);
            return {
              items: raw.map(toHostnameCertificate),
              more: hasMorePages(envelope, page, raw.length, 0),
              signature: JSON.stringify(raw),
            };
          },
        );
        all.push(...items);
        // A server that ignores `page` would send the same page again: stop there.
        if (!more || signature === previous) break;
        previous = signature;
      }
      return uniqueById(all);
    },

    getCertificate: (zoneId, certId) =>
      executor.send(
        { operation: 'getCertificate', method: 'GET', path: certificatePath(zoneId, certId) },
        (envelope) => toHostnameCertificate(objectResult('getCertificate', envelope)),
      ),

    uploadCertificate: async (zoneId, { certificate, privateKey }) => {
      const sha256 = certificateSha256(certificate);
      const findUploaded = async (): Promise<HostnameCertificate | undefined> => {
        if (!sha256) return undefined;
        const existing = await client.listCertificates(zoneId);
        const found = existing.find((cert) => cert.sha256 === sha256 && isReusable(cert.status));
        if (found)
          log.info(
            `Cloudflare uploadCertificate: the certificate was stored despite the failed answer (id ${found.id}).`,
          );
        return found;
      };
      try {
        const uploaded = await executor.send(
          {
            operation: 'uploadCertificate',
            method: 'POST',
            path: `${zonePath(zoneId)}/hostnames/certificates`,
            body: { certificate, private_key: privateKey },
          },
          (envelope) => (isRecord(envelope.result) ? toHostnameCertificate(envelope.result) : undefined),
          findUploaded,
        );
        if (uploaded?.id) return uploaded;
        // Stored, but the answer does not say as what: the list does.
        log.debug('Cloudflare uploadCertificate: the answer held no certificate ID; reading the list.');
        const found = await findUploaded();
        if (found) return found;
        throw unexpected('uploadCertificate', 'the uploaded certificate');
      } catch (error) {
        // A refusal that says the certificate is already there means the same as a lost answer.
        if (!isDuplicateRefusal(error)) throw error;
        const found = await findUploaded();
        if (found) return found;
        throw error;
      }
    },

    deleteCertificate: (zoneId, certId) => {
      // After an ambiguous failure the list tells whether the delete took: absent or on its way out.
      const findDeleted = async (): Promise<HostnameCertificate | undefined> => {
        const found = (await client.listCertificates(zoneId)).find((cert) => cert.id === certId);
        if (!found) return { id: certId, status: 'deleted' };
        return found.status === 'pending_deletion' || found.status === 'deleted' ? found : undefined;
      };
      return executor.send(
        { operation: 'deleteCertificate', method: 'DELETE', path: certificatePath(zoneId, certId) },
        (envelope) => {
          // success: true is the confirmation; what comes with it is only read when it reads well.
          if (isRecord(envelope.result) && text(envelope.result.id ?? envelope.result.cert_id)) {
            return toHostnameCertificate(envelope.result);
          }
          oddResult('deleteCertificate', envelope.result);
          return { id: certId, status: 'pending_deletion' };
        },
        findDeleted,
      );
    },

    putHostnames: async (zoneId, config) => {
      if (config.length === 0) return [];
      return executor.send(
        {
          operation: 'putHostnames',
          method: 'PUT',
          path: `${zonePath(zoneId)}/hostnames`,
          body: {
            config: config.map((c) => ({ hostname: c.hostname, cert_id: c.certId, enabled: c.enabled })),
          },
        },
        (envelope) => {
          if (Array.isArray(envelope.result))
            return envelope.result.filter(isRecord).map(toHostnameAssociation);
          // The caller re-reads the associations it needs: an odd answer to a write that took is no failure.
          oddResult('putHostnames', envelope.result);
          return [];
        },
      );
    },

    getHostname: (zoneId, hostname) =>
      executor.send(
        {
          operation: 'getHostname',
          method: 'GET',
          path: `${zonePath(zoneId)}/hostnames/${encodeURIComponent(hostname)}`,
        },
        (envelope) => toHostnameAssociation(objectResult('getHostname', envelope)),
      ),

    listHostnames: async (zoneId) => {
      const all = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { items, more } = await executor.send(
          {
            operation: 'listHostnames',
            method: 'GET',
            path: `${zonePath(zoneId)}/hostnames`,
            query: { status: 'all', page: String(page), per_page: String(ASSOCIATIONS_PER_PAGE) },
          },
          (envelope) => {
            const items = arrayResult('listHostnames', envelope).map(toHostnameAssociation);
            return { items, more: hasMorePages(envelope, page, items.length, ASSOCIATIONS_PER_PAGE) };
          },
        );
        all.push(...items);
        if (!more) break;
      }
      return all;
    },

    getSettings: (zoneId) =>
      executor.send(
        { operation: 'getSettings', method: 'GET', path: `${zonePath(zoneId)}/settings` },
        (envelope) => {
          const enabled = objectResult('getSettings', envelope).enabled;
          return { enabled: typeof enabled === 'boolean' ? enabled : null };
        },
      ),

    getZone: (zoneId) =>
      executor.send(
        { operation: 'getZone', method: 'GET', path: `/zones/${encodeURIComponent(zoneId)}` },
        (envelope) => {
          const name = objectResult('getZone', envelope).name;
          if (typeof name !== 'string' || name === '') throw unexpected('getZone', 'a zone with a name');
          return { id: zoneId, name: name.toLowerCase() };
        },
      ),

    getGlobalSetting: (zoneId) =>
      executor.send(
        {
          operation: 'getGlobalSetting',
          method: 'GET',
          path: `/zones/${encodeURIComponent(zoneId)}/settings/tls_client_auth`,
        },
        (envelope) => {
          const value = isRecord(envelope.result) ? envelope.result.value : undefined;
          return { enabled: value === 'on' ? true : value === 'off' ? false : null };
        },
      ),

    log,

    close: () => dispatcher.close(),
  };
  return client;
}

/** Association-shaped lists may repeat a certificate once per hostname it serves. */
function uniqueById(certificates: HostnameCertificate[]): HostnameCertificate[] {
  const byId = new Map<string, HostnameCertificate>();
  for (const cert of certificates) if (!byId.has(cert.id)) byId.set(cert.id, cert);
  return [...byId.values()];
}

/** `requested`: the page size asked for; 0 when none was, so only result_info can say there is more. */
function hasMorePages(envelope: Envelope, page: number, received: number, requested: number): boolean {
  const info = envelope.resultInfo ?? {};
  if (received === 0) return false;
  if (typeof info.total_pages === 'number') return page < info.total_pages;
  const perPage = typeof info.per_page === 'number' ? info.per_page : requested;
  if (perPage === 0) return false;
  if (typeof info.total_count === 'number') return (page - 1) * perPage + received < info.total_count;
  return received > 0 && received >= perPage;
}

/**
 * A 4xx that says the certificate is already in the zone, whatever its status and code: the only
 * recorded one is 400/1406 (zone-level), the emulator once answered 409.
 */
function isDuplicateRefusal(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    error.codes.some((c) => c.code === 1406 || /already exists?/i.test(c.message))
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function arrayResult(operation: CloudflareOperation, envelope: Envelope): Record<string, unknown>[] {
  if (!Array.isArray(envelope.result)) throw unexpected(operation, 'an array');
  return envelope.result.filter(isRecord);
}

function objectResult(operation: CloudflareOperation, envelope: Envelope): Record<string, unknown> {
  if (!isRecord(envelope.result)) throw unexpected(operation, 'an object');
  return envelope.result;
}

function unexpected(operation: CloudflareOperation, wanted: string): CloudflareApiError {
  return new CloudflareApiError({
    operation,
    kind: 'invalid-response',
    hint: `Expected ${wanted} in "result"; the API may have changed: please report it.`,
  });
}
