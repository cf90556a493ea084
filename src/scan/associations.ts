/** A zone's associations, indexed by hostname: the same index the planner and apply use. */
import { indexAssociations as index, type AssociationIndex as Index } from '../plan/remote-state.js';
import type { AssociationRow } from '../plan/statuses.js';

export type AssociationIndex<T extends AssociationRow = AssociationRow> = Index<T>;

export function indexAssociations<T extends AssociationRow>(associations: readonly T[]): AssociationIndex<T> {
  return index(associations);
}

/** Hostnames whose association holds `certId` (enabled or disabled, not voided), sorted. */
export function hostnamesHolding(index: AssociationIndex, certId: string): string[] {
  return index.hostnamesHolding(certId);
}
