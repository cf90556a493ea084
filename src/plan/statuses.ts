/**
 * What each Cloudflare status means to aop-certs: the one place that reads certificate and
 * association statuses (the same enum for both). The client, the planner, apply and scan all ask here.
 */

/** On its way out or failed: never "the same certificate" to reuse. */
const NOT_REUSABLE = new Set(['pending_deletion', 'deleted', 'deployment_timed_out', 'deletion_timed_out']);

const TIMED_OUT = new Set(['deployment_timed_out', 'deletion_timed_out']);

/** An association row in one of these no longer holds anything, whatever its `enabled` says. */
const GOING_OR_GONE = new Set(['pending_deletion', 'deleted']);

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

/** A certificate in this status is ready to serve. */
export function isActive(status: string | undefined): boolean {
  return status === 'active';
}

/**
 * How a deletion stands from a certificate's status in the list (absent: gone): done, stuck, or
 * under way. Gone from the list and `deleted` both count: which one Cloudflare shows is not known.
 */
export function deletionOutcome(status: string | undefined): 'deleted' | 'timed-out' | undefined {
  if (status === undefined || status === 'deleted') return 'deleted';
  return status === 'deletion_timed_out' ? 'timed-out' : undefined;
}

/** What every association row has, from the list, a single read or a PUT. */
export interface AssociationRow {
  hostname: string;
  certId?: string;
  /** true: enabled; false: disabled but kept; null: voided. */
  enabled: boolean | null;
  status?: string;
}

/**
 * The row holds its certificate: Cloudflare refuses to delete a certificate while an association
 * that is not voided points at it, and `enabled: false` is known to keep that lock. A row that
 * reads `pending_deletion` or `deleted` is a voided one, however its `enabled` reads back (null,
 * or false: Terraform's own test allows both).
 */
export function holdsCertificate(association: AssociationRow): boolean {
  return (
    association.enabled !== null &&
    association.certId !== undefined &&
    !(association.status !== undefined && GOING_OR_GONE.has(association.status))
  );
}

/**
 * The row serves `certId`: enabled, pointing at it, and `active`. A row without a status is taken
 * at its word, so that an answer without one can never keep a deploy waiting forever.
 */
export function servesCertificate(association: AssociationRow | undefined, certId: string): boolean {
  return (
    association !== undefined &&
    association.enabled === true &&
    association.certId === certId &&
    (association.status === undefined || association.status === 'active')
  );
}
