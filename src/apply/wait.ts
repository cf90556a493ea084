/** Polling with back-off under a deadline: Cloudflare deploys certificates and associations asynchronously. */

export interface Clock {
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const realClock: Clock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 10_000;

/**
 * Calls `probe` until it returns a value (not undefined), waiting 250 ms, 500 ms, … up to 10 s
 * between calls (Cloudflare takes minutes: few reads, under the rate limit); gives up with `onTimeout()` once `deadlineMs` has passed.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  deadlineMs: number,
  clock: Clock,
  onTimeout: () => Error,
): Promise<T> {
  const end = clock.now() + deadlineMs;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (clock.now() + pause > end) throw onTimeout();
    await clock.sleep(pause);
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}
