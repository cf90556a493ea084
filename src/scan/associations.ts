/** A zone's associations, indexed by hostname: the one that holds a certificate, else the last listed. */
import type { HostnameAssociation } from '../cloudflare/index.js';
import { normalizeHostname } from '../plan/remote-state.js';
import { holdsCertificate } from '../plan/statuses.js';

export type AssociationIndex = Map<string, HostnameAssociation>;

export function indexAssociations(associations: HostnameAssociation[]): AssociationIndex {
  const byHostname: AssociationIndex = new Map();
  for (const association of associations) {
    const hostname = normalizeHostname(association.hostname);
    const known = byHostname.get(hostname);
    // With status=all a voided (or deleted) entry may be listed next to the live one.
    if (!known || !holdsCertificate(known)) byHostname.set(hostname, association);
  }
  return byHostname;
}

/** Hostnames whose association holds `certId` (enabled or disabled), sorted. */
export function hostnamesHolding(index: AssociationIndex, certId: string): string[] {
  return [...index]
    .filter(([, association]) => holdsCertificate(association) && association.certId === certId)
    .map(([hostname]) => hostname)
    .sort();
}
