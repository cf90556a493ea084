import { backoffMs, retryAfterDelayMs } from './backoff.js';
import type { CloudflareApiError } from './errors.js';
import type { Pacer } from './pacer.js';
import { attempt, type ApiRequest, type Envelope, type TransportOptions } from './transport.js';
import type { ClientStats, CloudflareLogger } from './types.js';

export interface RetryPolicy {
  maxAttempts: number;
  maxRetryMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

/** After an ambiguous failure of a write: finds what the write would have made, if it did. */
export type Recover<T> = () => Promise<T | undefined>;

const LOCKOUT_NOTE =
  'Cloudflare blocks a token for 5 minutes once it has made 1,200 requests in 5 minutes (code 971)';

/** Runs a request with pacing, bounded retries and backoff; the one place that decides to retry. */
export class Executor {
  constructor(
    private readonly transport: TransportOptions,
    private readonly policy: RetryPolicy,
    private readonly pacer: Pacer,
    private readonly stats: ClientStats,
    private readonly log: CloudflareLogger,
  ) {}

  async send<T>(req: ApiRequest, parse: (envelope: Envelope) => T, recover?: Recover<T>): Promise<T> {
    const started = this.policy.now();
    let waitedMs = 0;
    let maybeApplied = false;
    for (let attemptNo = 1; ; attemptNo++) {
      await this.pacer.acquire();
      this.count(req, attemptNo);
      const sentAt = Date.now();
      const result = await attempt(this.transport, req);
      this.log.debug(
        `Cloudflare ${req.method} ${req.path}: ${result.ok ? 'ok' : describeFailure(result.error)} in ${Date.now() - sentAt} ms`,
      );
      if (result.rateLimit) this.pacer.observe(result.rateLimit, this.policy.now());
      if (result.ok) return parse(result.envelope);

      maybeApplied ||= result.ambiguous;
      const error = result.error.with({ attempts: attemptNo });
      if (!result.retryable || attemptNo >= this.policy.maxAttempts) {
        return this.giveUp(error, maybeApplied ? recover : undefined);
      }
      const delayMs =
        result.retryAfterMs === undefined
          ? backoffMs(attemptNo, this.policy.random)
          : retryAfterDelayMs(result.retryAfterMs, this.policy.random);
      if (result.retryAfterMs !== undefined) this.pacer.pauseUntil(this.policy.now() + result.retryAfterMs);
      const spentMs = Math.max(waitedMs, this.policy.now() - started);
      if (spentMs + delayMs > this.policy.maxRetryMs) {
        return this.giveUp(
          this.overBudget(error, delayMs, spentMs, result.error.status),
          maybeApplied ? recover : undefined,
        );
      }
      this.log.info(this.retryNotice(req, error, delayMs, attemptNo));
      await this.policy.sleep(delayMs);
      waitedMs += delayMs;
      if (result.ambiguous && recover) {
        const found = await recover();
        if (found !== undefined) return found;
      }
    }
  }

  /** A write that may have been applied gets one last look before its failure is reported. */
  private async giveUp<T>(error: CloudflareApiError, recover: Recover<T> | undefined): Promise<T> {
    const found = recover ? await recover() : undefined;
    if (found !== undefined) return found;
    throw error;
  }

  private count(req: ApiRequest, attemptNo: number): void {
    this.stats.requests++;
    if (req.method !== 'GET') this.stats.writes++;
    if (attemptNo > 1) this.stats.retries++;
  }

  private overBudget(
    error: CloudflareApiError,
    delayMs: number,
    spentMs: number,
    status?: number,
  ): CloudflareApiError {
    const budget = `${seconds(this.policy.maxRetryMs)} s retry budget`;
    if (status === 429) {
      return error.with({
        hint: `Cloudflare asked to wait ${seconds(delayMs)} s more after ${seconds(spentMs)} s of retries, past the ${budget}. ${LOCKOUT_NOTE}: wait for the lockout to end, re-run, and spread out jobs that share the token.`,
      });
    }
    return error.with({
      hint: `Gave up after ${seconds(spentMs)} s of retries (the ${budget}): Cloudflare may be having trouble; re-run later.`,
    });
  }

  private retryNotice(
    req: ApiRequest,
    error: CloudflareApiError,
    delayMs: number,
    attemptNo: number,
  ): string {
    const lockout = error.status === 429 && delayMs >= 60_000 ? ` (${LOCKOUT_NOTE})` : '';
    return `Cloudflare ${req.operation}: ${describeFailure(error)}; retrying in ${seconds(delayMs)} s${lockout}, attempt ${attemptNo + 1} of ${this.policy.maxAttempts}.`;
  }
}

function describeFailure(error: CloudflareApiError): string {
  if (error.kind === 'timeout') return 'timed out';
  if (error.kind === 'network') return 'connection failed';
  const codes = error.codes.map((c) => c.code).join(',');
  return `HTTP ${error.status ?? '?'}${codes ? ` (${codes})` : ''}${error.cfRay ? ` cf-ray ${error.cfRay}` : ''}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
