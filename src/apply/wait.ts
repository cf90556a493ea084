/** Polling with back-off under a deadline: Cloudflare deploys certificates and associations asynchronously. */
import {
  CloudflareApiError,
  readAssociations,
  readHostnames,
  type CloudflareClient,
  type HostnameCertificate,
} from '../cloudflare/index.js';
import { indexAssociations, normalizeHostname } from '../plan/remote-state.js';
import { deletionOutcome, isActive, isTimedOut } from '../plan/statuses.js';

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
async function pollUntil<T>(
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

/** Deletions get their own limit: Cloudflare deletes asynchronously, and a wave waits for the slot. */
const DELETE_WAIT_MS = 600_000;

/** A certificate ID Cloudflare no longer knows: 404, or any 4xx with 1415 ("invalid or deleted"). */
function isGone(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    (error.status === 404 || error.codes.some((c) => c.code === 1415))
  );
}

/** What a zone's certificate list says of one certificate's deletion: done, failed, or not yet. */
function deletionState(listed: HostnameCertificate[], id: string): 'deleted' | 'timed-out' | undefined {
  return deletionOutcome(listed.find((certificate) => certificate.id === id)?.status);
}

class WaitFailure extends Error {}

/**
 * Waits on one zone's certificates by polling its certificate list: one request per interval,
 * however many certificates are waited for (a GET per certificate only for one the list lacks).
 */
export class ZoneWatch {
  constructor(
    private readonly client: CloudflareClient,
    private readonly zoneId: string,
    private readonly clock: Clock = realClock,
  ) {}

  /** Until `id` is `active`; a `*_timed_out` status fails at once. */
  waitActive(id: string, name: string, deadlineMs: number): Promise<HostnameCertificate> {
    return pollUntil(
      async () => {
        const listed = (await this.client.listCertificates(this.zoneId)).find((c) => c.id === id);
        const certificate = listed ?? (await this.client.getCertificate(this.zoneId, id));
        if (isTimedOut(certificate.status)) {
          throw new WaitFailure(`Cloudflare reports certificate ${name} (${id}) as ${certificate.status}.`);
        }
        return isActive(certificate.status) ? certificate : undefined;
      },
      deadlineMs,
      this.clock,
      () =>
        new WaitFailure(
          `Certificate ${name} (${id}) was not active within ${Math.round(deadlineMs / 1000)} s (wait-active-seconds). Re-run deploy later: it picks up from here.`,
        ),
    );
  }

  /**
   * Deletes `id` and, when `confirm`, waits for any sign that it is gone: absent from the list or
   * `deleted` there, or 404/1415 on the delete. A delete refused right after its hostnames were
   * voided is tried once more, a poll later: voiding may take a moment to be seen.
   */
  async delete(id: string, confirm: boolean, deadlineMs = DELETE_WAIT_MS): Promise<void> {
    try {
      await this.client.deleteCertificate(this.zoneId, id);
    } catch (error) {
      if (isGone(error)) return;
      if (!isRefusal(error)) throw error;
      this.client.log.info(
        `Cloudflare refused to delete ${id} (${(error as Error).message}); trying once more.`,
      );
      await this.clock.sleep(2_000);
      try {
        await this.client.deleteCertificate(this.zoneId, id);
      } catch (again) {
        if (!isGone(again)) throw again;
        return;
      }
    }
    if (!confirm) return;
    await pollUntil(
      async () => {
        const state = deletionState(await this.client.listCertificates(this.zoneId), id);
        if (state === 'timed-out') {
          throw new WaitFailure(`Cloudflare reports the deletion of ${id} as deletion_timed_out.`);
        }
        return state;
      },
      deadlineMs,
      this.clock,
      () =>
        new WaitFailure(
          `Certificate ${id} was not deleted within ${Math.round(deadlineMs / 1000)} s; the next wave needs its slot. Re-run deploy once Cloudflare has finished the deletion.`,
        ),
    );
  }

  /** Until every hostname of `expected` has a row that serves its certificate; no row shadows another. */
  verify(expected: Map<string, string>, deadlineMs: number): Promise<true> {
    return pollUntil(
      async () => {
        const wanted = [...expected.keys()];
        const read = await readAssociations(this.client, this.zoneId, () => wanted);
        const rows = [...read.rows];
        if (read.mode === 'list') {
          // A row the list does not carry (yet) is read on its own before it counts as missing.
          const listed = new Set(rows.map((row) => normalizeHostname(row.hostname)));
          const unlisted = wanted.filter((hostname) => !listed.has(normalizeHostname(hostname)));
          rows.push(...(await readHostnames(this.client, this.zoneId, unlisted)));
        }
        const index = indexAssociations(rows);
        const pending = [...expected].filter(([hostname, id]) => !index.serves(hostname, id));
        return pending.length === 0 ? (true as const) : undefined;
      },
      deadlineMs,
      this.clock,
      () =>
        new WaitFailure(
          `The new associations of ${[...expected.keys()].join(', ')} were not active within the wait.`,
        ),
    );
  }
}

/** A 4xx that is a refusal, not throttling nor an unknown ID. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429
  );
}
