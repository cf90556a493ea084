import type { PaceOptions } from './types.js';

/** What the `Ratelimit` / `Ratelimit-Policy` headers said: requests left, until when, out of how many. */
export interface RateLimitQuota {
  remaining: number;
  resetMs: number;
  limit?: number;
}

/** Below this many requests left (or this share of the quota), slow down. */
const LOW_WATER = 10;
const LOW_SHARE = 0.05;

/**
 * `Ratelimit: "default";r=1190;t=290` and `Ratelimit-Policy: "default";q=1200;w=300` (IETF
 * draft fields, sent by Cloudflare on every answer since 2025-09); undefined when absent or unreadable.
 */
export function parseRateLimit(
  header: string | undefined,
  policy: string | undefined,
): RateLimitQuota | undefined {
  const field = (text: string | undefined, name: string) => {
    const match = text && new RegExp(`(?:^|[;,\\s])${name}=(\\d+)`).exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const remaining = field(header, 'r');
  const reset = field(header, 't');
  if (remaining === undefined || reset === undefined) return undefined;
  const limit = field(policy, 'q');
  return { remaining, resetMs: reset * 1000, ...(limit !== undefined ? { limit } : {}) };
}

/**
 * Keeps this client under a request budget (a sliding window) and holds every request back
 * while Cloudflare has asked us to wait (after a 429 with retry-after).
 */
export class Pacer {
  private readonly sentAt: number[] = [];
  private pausedUntil = 0;

  constructor(
    private readonly limit: PaceOptions | false,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when one more request may be sent, and counts it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.pausedUntil - now, this.windowWait(now));
      if (wait <= 0) {
        if (this.limit) this.sentAt.push(now);
        return;
      }
      await this.sleep(wait);
    }
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /**
   * Cloudflare's own count (the `Ratelimit` header, shared by every job and the dashboard on the
   * same user): when little is left, the rest is spread over the time until the window resets,
   * so the quota is never spent into a 5-minute lockout.
   */
  observe(quota: RateLimitQuota, now = this.now()): void {
    const { remaining, resetMs } = quota;
    const reserve = Math.max(LOW_WATER, Math.ceil((quota.limit ?? 0) * LOW_SHARE));
    if (remaining > reserve) return;
    this.pauseUntil(now + (remaining <= 0 ? resetMs : Math.ceil(resetMs / (remaining + 1))));
  }

  private windowWait(now: number): number {
    if (!this.limit) return 0;
    const { requests, windowMs } = this.limit;
    while (this.sentAt.length > 0 && this.sentAt[0]! <= now - windowMs) this.sentAt.shift();
    if (this.sentAt.length < requests) return 0;
    return this.sentAt[0]! + windowMs - now;
  }
}
