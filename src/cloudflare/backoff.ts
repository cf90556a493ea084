const BASE_MS = 1_000;
const CAP_MS = 30_000;

/**
 * Delay before retry number `retry` (1 for the first retry): exponential from 1 s, capped at 30 s,
 * with "equal jitter" (half fixed, half random) so that parallel jobs spread out but never retry at once.
 */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait Cloudflare asked for, plus up to 10% (at most 1 s) so that jobs sharing a token do not
 * all come back in the same instant.
 */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number): number {
  return retryAfterMs + Math.round(random() * Math.min(1_000, retryAfterMs / 10));
}

/** `retry-after` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
