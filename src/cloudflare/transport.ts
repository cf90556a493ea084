import { request, type Dispatcher } from 'undici';
import { parseRetryAfter } from './backoff.js';
import { CloudflareApiError, redact, type CloudflareMessage } from './errors.js';
import { isRecord } from './normalize.js';
import { parseRateLimit, type RateLimitQuota } from './pacer.js';
import type { CloudflareAuth, CloudflareOperation } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  operation: CloudflareOperation;
  method: HttpMethod;
  /** Path below the base URL, already encoded, e.g. `/zones/abc/origin_tls_client_auth/settings`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface Envelope {
  result: unknown;
  resultInfo?: Record<string, unknown>;
}

export type AttemptResult = (
  | { ok: true; envelope: Envelope }
  | {
      ok: false;
      error: CloudflareApiError;
      retryable: boolean;
      /** The request may have taken effect (a write whose answer was lost). */
      ambiguous: boolean;
      retryAfterMs?: number;
    }
) & { rateLimit?: RateLimitQuota };

export interface TransportOptions {
  apiUrl: string;
  auth: CloudflareAuth;
  timeoutMs: number;
  dispatcher: Dispatcher;
  userAgent: string;
}

/** Socket errors raised before anything was sent: a retry is safe even for a write. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** One HTTP attempt, turned into an envelope or a classified failure. Never throws. */
export async function attempt(options: TransportOptions, req: ApiRequest): Promise<AttemptResult> {
  const url = new URL(options.apiUrl.replace(/\/+$/, '') + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await request(url, {
      method: req.method,
      headers: headersFor(options, req.body !== undefined),
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      dispatcher: options.dispatcher,
      signal: controller.signal,
    });
    const bodyText = await response.body.text();
    return interpret(options, req, response.statusCode, response.headers, bodyText);
  } catch (error) {
    const write = req.method !== 'GET';
    if (timedOut) {
      return {
        ok: false,
        error: new CloudflareApiError({ operation: req.operation, kind: 'timeout' }),
        retryable: true,
        ambiguous: write,
      };
    }
    const code = errorCode(error);
    return {
      ok: false,
      error: new CloudflareApiError({ operation: req.operation, kind: 'network', cause: code }),
      retryable: code !== 'UND_ERR_INVALID_ARG',
      ambiguous: write && !NOT_SENT.has(code),
    };
  } finally {
    clearTimeout(timer);
  }
}

function headersFor(options: TransportOptions, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent };
  if (hasBody) headers['content-type'] = 'application/json';
  if (options.auth.kind === 'token') {
    headers.authorization = `Bearer ${options.auth.token}`;
  } else {
    headers['x-auth-email'] = options.auth.email;
    headers['x-auth-key'] = options.auth.key;
  }
  return headers;
}

function interpret(
  options: TransportOptions,
  req: ApiRequest,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
): AttemptResult {
  const cfRay = firstHeader(headers['cf-ray']);
  const retryable = status === 408 || status === 429 || status >= 500;
  const ambiguous = req.method !== 'GET' && (status === 408 || status >= 500);
  const retryAfterMs = parseRetryAfter(firstHeader(headers['retry-after']), Date.now());
  const rateLimit = parseRateLimit(firstHeader(headers.ratelimit), firstHeader(headers['ratelimit-policy']));
  const quota = rateLimit ? { rateLimit } : {};
  const parsed = parseJson(bodyText);
  const failure = (kind: 'http' | 'invalid-response', codes?: CloudflareMessage[]): AttemptResult => ({
    ok: false,
    error: new CloudflareApiError({ operation: req.operation, kind, status, codes, cfRay }),
    retryable,
    ambiguous,
    retryAfterMs,
    ...quota,
  });
  if (!isRecord(parsed) || typeof parsed.success !== 'boolean') {
    return failure(status >= 200 && status < 300 ? 'invalid-response' : 'http');
  }
  if (status >= 200 && status < 300 && parsed.success) {
    const resultInfo = isRecord(parsed.result_info) ? parsed.result_info : undefined;
    return { ok: true, envelope: { result: parsed.result, ...(resultInfo ? { resultInfo } : {}) }, ...quota };
  }
  return failure('http', messagesOf(parsed.errors, secretsOf(options.auth)));
}

function messagesOf(value: unknown, secrets: string[]): CloudflareMessage[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((item) => ({
    code: typeof item.code === 'number' ? item.code : 0,
    message: redact(typeof item.message === 'string' ? item.message : '', secrets),
  }));
}

function secretsOf(auth: CloudflareAuth): string[] {
  return auth.kind === 'token' ? [auth.token] : [auth.key];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): string {
  if (isRecord(error)) {
    if (typeof error.code === 'string') return error.code;
    if (isRecord(error.cause) && typeof error.cause.code === 'string') return error.cause.code;
  }
  return 'network error';
}
