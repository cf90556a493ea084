import type { CloudflareOperation } from './types.js';

export interface CloudflareMessage {
  code: number;
  message: string;
}

/** Why a call failed: Cloudflare answered with an error, or no usable answer came back. */
export type FailureKind = 'http' | 'network' | 'timeout' | 'invalid-response';

export interface CloudflareApiErrorInit {
  operation: CloudflareOperation;
  kind: FailureKind;
  status?: number;
  codes?: CloudflareMessage[];
  cfRay?: string;
  /** For network failures: the socket error code (ECONNRESET, UND_ERR_SOCKET, …). */
  cause?: string;
  attempts?: number;
  /** Overrides the hint found from status and codes. */
  hint?: string;
}

/**
 * The one error type every failed Cloudflare call becomes. The message never holds a request body,
 * a token or a key: only the operation, the status, Cloudflare's codes and messages, the cf-ray
 * id, and what to do.
 */
export class CloudflareApiError extends Error {
  readonly operation: CloudflareOperation;
  readonly kind: FailureKind;
  readonly status?: number;
  readonly codes: CloudflareMessage[];
  readonly cfRay?: string;
  readonly hint?: string;
  readonly attempts: number;
  private readonly init: CloudflareApiErrorInit;

  constructor(init: CloudflareApiErrorInit) {
    const codes = init.codes ?? [];
    const hint = init.hint ?? hintFor(init.status, codes);
    super(describe(init, codes, hint));
    this.name = 'CloudflareApiError';
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.codes = codes;
    this.cfRay = init.cfRay;
    this.hint = hint;
    this.attempts = init.attempts ?? 1;
    this.init = init;
  }

  /** The same failure, re-described (after retries, or with a more specific hint). */
  with(changes: Pick<CloudflareApiErrorInit, 'attempts' | 'hint'>): CloudflareApiError {
    return new CloudflareApiError({ ...this.init, ...changes });
  }
}

function describe(
  init: CloudflareApiErrorInit,
  codes: CloudflareMessage[],
  hint: string | undefined,
): string {
  const what: string[] = [];
  if (init.kind === 'timeout') what.push('timed out');
  if (init.kind === 'network') what.push(`connection failed (${init.cause ?? 'network error'})`);
  if (init.kind === 'invalid-response')
    what.push('answered with something other than the Cloudflare envelope');
  if (init.status !== undefined) what.push(`HTTP ${init.status}`);
  if (codes.length > 0) what.push(codes.map((c) => `${c.code} ${c.message}`).join('; '));
  const attempts = (init.attempts ?? 1) > 1 ? ` after ${init.attempts} attempts` : '';
  const ray = init.cfRay ? ` (cf-ray ${init.cfRay})` : '';
  return `Cloudflare ${init.operation} failed${attempts}: ${what.join(', ')}${ray}.${hint ? ` ${hint}` : ''}`;
}

/** What to tell a user whose token cannot read or write the account's notification policies. */
export const NOTIFICATIONS_PERMISSION =
  'The API token needs the account permission "Notifications: Edit" (Account → Notifications → Edit; "Read" is enough for check and scan) on the account named by alerts.account-id.';

const HINTS: {
  matches: (status: number | undefined, code: number, message: string) => boolean;
  hint: string;
}[] = [
  {
    matches: (_s, code) => code === 10000,
    hint: 'Check the credentials: the api-token must be valid and allowed "SSL and Certificates Write" (or Read, for check and scan) on this zone.',
  },
  {
    matches: (_s, code) => code === 1415,
    hint: 'The cert_id is not a per-hostname certificate of this zone (a zone-level certificate, or one already deleted): re-read the zone and use an ID from its hostname certificates.',
  },
  {
    matches: (status, code) => code === 971 || status === 429,
    hint: 'Cloudflare is throttling this token (1,200 requests per 5 minutes, then a 5-minute lockout): wait five minutes and re-run, and spread out jobs that share the token.',
  },
  {
    matches: (_s, _c, message) => /missing leaf certificate/i.test(message),
    hint: 'The file holds a CA certificate, not a leaf: upload the leaf the CA signed (with basicConstraints=CA:FALSE in its cert.v3.ext).',
  },
  {
    matches: (_s, _c, message) => /key/i.test(message) && /match|pair/i.test(message),
    hint: 'The private key does not belong to this certificate: check that the key source named for it holds the key the certificate was made from.',
  },
  {
    matches: (_s, _c, message) => /already exists/i.test(message),
    hint: 'The same certificate is already in this zone: re-run, and it is reused instead of uploaded.',
  },
  {
    matches: (_s, _c, message) => /maximum|limit|quota/i.test(message) && /associations/i.test(message),
    hint: 'A certificate can serve at most 100 hostnames: split the hostnames across certificates.',
  },
  {
    matches: (_s, _c, message) => /maximum|limit|quota/i.test(message),
    hint: 'The zone already holds its maximum of 10 hostname certificates: delete one that no hostname uses, or rotate one certificate at a time.',
  },
];

function hintFor(status: number | undefined, codes: CloudflareMessage[]): string | undefined {
  const candidates = codes.length > 0 ? codes : [{ code: 0, message: '' }];
  for (const { matches, hint } of HINTS) {
    if (candidates.some((c) => matches(status, c.code, c.message))) return hint;
  }
  return undefined;
}

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;

/** Removes PEM blocks and the given secrets from text that came from outside (Cloudflare's messages). */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text.replace(PEM_BLOCK, '[PEM redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}
