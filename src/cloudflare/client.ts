import { setTimeout as delay } from 'node:timers/promises';
import { EnvHttpProxyAgent } from 'undici';
import { CloudflareApiError } from './errors.js';
import { Executor } from './executor.js';
import { certificateSha256, isRecord, toHostnameAssociation, toHostnameCertificate } from './normalize.js';
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

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** One 5-minute lockout (retry-after: 300) plus a minute of ordinary retries. */
export const DEFAULT_MAX_RETRY_MS = 360_000;
/** 75% of Cloudflare's 1,200 per 5 minutes: the rest is left to the dashboard and other jobs on the token. */
export const DEFAULT_PACE: PaceOptions = { requests: 900, windowMs: 300_000 };
/** The largest page the association list serves (api reference §1.2, endpoint 7). */
const ASSOCIATIONS_PER_PAGE = 1000;
const MAX_PAGES = 1000;
/** A certificate in these states is on its way out or failed: it is not "the same certificate" to reuse. */
const NOT_REUSABLE = new Set(['pending_deletion', 'deleted', 'deployment_timed_out', 'deletion_timed_out']);

const SILENT: CloudflareLogger = { debug() {}, info() {}, warning() {} };

export interface ClosableCloudflareClient extends CloudflareClient {
  /** Closes pooled connections; the client must not be used afterwards. */
  close(): Promise<void>;
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

  const zonePath = (zoneId: string) => `/zones/${encodeURIComponent(zoneId)}/origin_tls_client_auth`;
  const certificatePath = (zoneId: string, certId: string) =>
    `${zonePath(zoneId)}/hostnames/certificates/${encodeURIComponent(certId)}`;

  const client: ClosableCloudflareClient = {
    stats,

    listCertificates: (zoneId) =>
      executor.send(
        { operation: 'listCertificates', method: 'GET', path: `${zonePath(zoneId)}/hostnames/certificates` },
        (envelope) => uniqueById(arrayResult('listCertificates', envelope).map(toHostnameCertificate)),
      ),

    getCertificate: (zoneId, certId) =>
      executor.send(
        { operation: 'getCertificate', method: 'GET', path: certificatePath(zoneId, certId) },
        (envelope) => toHostnameCertificate(objectResult('getCertificate', envelope)),
      ),

    uploadCertificate: (zoneId, { certificate, privateKey }) => {
      const sha256 = certificateSha256(certificate);
      const findUploaded = async (): Promise<HostnameCertificate | undefined> => {
        if (!sha256) return undefined;
        const existing = await client.listCertificates(zoneId);
        const found = existing.find((cert) => cert.sha256 === sha256 && !NOT_REUSABLE.has(cert.status));
        if (found)
          log.info(
            `Cloudflare uploadCertificate: the certificate was stored despite the failed answer (id ${found.id}).`,
          );
        return found;
      };
      return executor.send(
        {
          operation: 'uploadCertificate',
          method: 'POST',
          path: `${zonePath(zoneId)}/hostnames/certificates`,
          body: { certificate, private_key: privateKey },
        },
        (envelope) => toHostnameCertificate(objectResult('uploadCertificate', envelope)),
        findUploaded,
      );
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
        (envelope) => toHostnameCertificate(objectResult('deleteCertificate', envelope)),
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
        (envelope) => arrayResult('putHostnames', envelope).map(toHostnameAssociation),
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
            return { items, more: hasMorePages(envelope, page, items.length) };
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

function hasMorePages(envelope: Envelope, page: number, received: number): boolean {
  const info = envelope.resultInfo ?? {};
  if (typeof info.total_pages === 'number') return page < info.total_pages;
  const perPage = typeof info.per_page === 'number' ? info.per_page : ASSOCIATIONS_PER_PAGE;
  if (typeof info.total_count === 'number') return (page - 1) * perPage + received < info.total_count;
  return received > 0 && received >= perPage;
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
