import type { PaceOptions } from './types.js';

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

  private windowWait(now: number): number {
    if (!this.limit) return 0;
    const { requests, windowMs } = this.limit;
    while (this.sentAt.length > 0 && this.sentAt[0]! <= now - windowMs) this.sentAt.shift();
    if (this.sentAt.length < requests) return 0;
    return this.sentAt[0]! + windowMs - now;
  }
}
