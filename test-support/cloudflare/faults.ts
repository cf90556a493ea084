/** Injected faults and the rate limit: what makes the emulator fail on purpose. */
import type { CloudflareOperation } from '../../src/cloudflare/types.js';
import { ApiFailure } from './envelope.js';

export interface FaultSpec {
  /** How many of the next calls to the operation fail. Default 1. */
  count?: number;
  /** Answer with this HTTP status (and `code`/`message`) instead of handling the call. */
  status?: number;
  code?: number;
  message?: string;
  /** With `status`: the `retry-after` header, in seconds. */
  retryAfter?: number;
  /**
   * Drop the connection without an answer: `before` handling (nothing changed) or `after` it
   * (the change is made, the answer is lost: the ambiguous case).
   */
  reset?: 'before' | 'after';
  /** Handle the call, then wait this long before answering (a slow answer, or a client timeout). */
  delayMs?: number;
}

export type FaultAction =
  | { kind: 'respond'; failure: ApiFailure }
  | { kind: 'reset'; when: 'before' | 'after' }
  | { kind: 'delay'; ms: number };

export class FaultInjector {
  private readonly pending = new Map<CloudflareOperation, FaultSpec[]>();

  inject(operation: CloudflareOperation, spec: FaultSpec): void {
    const queue = this.pending.get(operation) ?? [];
    queue.push({ ...spec, count: spec.count ?? 1 });
    this.pending.set(operation, queue);
  }

  clear(): void {
    this.pending.clear();
  }

  /** The fault for this call, if one is due; consumes it. */
  take(operation: CloudflareOperation): FaultAction | undefined {
    const queue = this.pending.get(operation);
    const spec = queue?.[0];
    if (!queue || !spec) return undefined;
    spec.count = (spec.count ?? 1) - 1;
    if (spec.count <= 0) queue.shift();
    if (spec.reset) return { kind: 'reset', when: spec.reset };
    if (spec.status !== undefined) {
      const headers: Record<string, string> =
        spec.retryAfter !== undefined ? { 'retry-after': String(spec.retryAfter) } : {};
      return {
        kind: 'respond',
        failure: new ApiFailure(
          spec.status,
          spec.code ?? defaultCode(spec.status),
          spec.message ?? defaultMessage(spec.status),
          headers,
        ),
      };
    }
    return { kind: 'delay', ms: spec.delayMs ?? 0 };
  }
}

function defaultCode(status: number): number {
  return status === 429 ? 971 : status >= 500 ? 1000 + (status % 100) : 1000;
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Please wait and consider throttling your request speed';
  return status >= 500 ? 'Internal server error (injected)' : 'Injected failure';
}

export interface RateLimitOptions {
  /** Requests allowed per caller in `windowMs`. Cloudflare: 1,200 per 300,000 ms. */
  requests: number;
  windowMs: number;
  /** How long a caller is blocked once over the limit. Cloudflare: 300 s. */
  lockoutSeconds: number;
}

/** Cloudflare's global limit (api reference §2.2): over it, every call is refused until the lockout ends. */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly options: RateLimitOptions | false) {}

  /** What Cloudflare's `Ratelimit` and `Ratelimit-Policy` headers would say to this caller now. */
  headers(caller: string, now: number): Record<string, string> {
    const limit = this.options || { requests: 1200, windowMs: 300_000, lockoutSeconds: 300 };
    const recent = (this.seen.get(caller) ?? []).filter((t) => t > now - limit.windowMs);
    const locked = this.lockedUntil.get(caller) ?? 0;
    const remaining = now < locked ? 0 : Math.max(0, limit.requests - recent.length);
    const resetMs = now < locked ? locked - now : recent.length > 0 ? recent[0]! + limit.windowMs - now : 0;
    const windowSeconds = Math.round(limit.windowMs / 1000);
    return {
      ratelimit: `"default";r=${remaining};t=${Math.ceil(resetMs / 1000)}`,
      'ratelimit-policy': `"default";q=${limit.requests};w=${windowSeconds}`,
    };
  }

  check(caller: string, now: number): void {
    const limit = this.options;
    if (!limit) return;
    const locked = this.lockedUntil.get(caller) ?? 0;
    if (now < locked) throw throttled(Math.ceil((locked - now) / 1000));
    const recent = (this.seen.get(caller) ?? []).filter((t) => t > now - limit.windowMs);
    if (recent.length >= limit.requests) {
      this.lockedUntil.set(caller, now + limit.lockoutSeconds * 1000);
      this.seen.set(caller, []);
      throw throttled(limit.lockoutSeconds);
    }
    recent.push(now);
    this.seen.set(caller, recent);
  }
}

function throttled(retryAfterSeconds: number): ApiFailure {
  return new ApiFailure(429, 971, 'Please wait and consider throttling your request speed', {
    'retry-after': String(retryAfterSeconds),
  });
}
