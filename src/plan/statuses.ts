/**
 * What each Cloudflare status (api reference §1.5, the same enum for certificates and associations)
 * means to the planner.
 */

/** On its way out or failed: never "the same certificate" to reuse (DESIGN §4, Identity). */
const NOT_REUSABLE = new Set(['pending_deletion', 'deleted', 'deployment_timed_out', 'deletion_timed_out']);

const TIMED_OUT = new Set(['deployment_timed_out', 'deletion_timed_out']);

export function isReusable(status: string): boolean {
  return !NOT_REUSABLE.has(status);
}

export function isTimedOut(status: string | undefined): boolean {
  return status !== undefined && TIMED_OUT.has(status);
}

/**
 * Guessed, as the API does not say: everything not yet `deleted` holds one of the zone's slots.
 * A `pending_deletion` certificate is still listed and still exists, and a timed-out one is stuck
 * there; counting them can only make the planner wait, never make an upload fail on the limit.
 */
export function occupiesSlot(status: string): boolean {
  return status !== 'deleted';
}

/** A deletion is already under way or over: no delete step is needed. */
export function isBeingDeleted(status: string): boolean {
  return status === 'pending_deletion' || status === 'deleted';
}

/**
 * An association that is not voided still holds its certificate: Cloudflare refuses to delete a
 * certificate until each of its associations is set to `enabled: null` (api reference §1.2 note b),
 * and Terraform's `enabled: false` left certificates locked (§5, complaint 1).
 */
export function holdsCertificate(association: { enabled: boolean | null; certId?: string }): boolean {
  return association.enabled !== null && association.certId !== undefined;
}
