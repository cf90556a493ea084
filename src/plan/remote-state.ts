import { holdsCertificate } from './statuses.js';
import type { RemoteAssociation, RemoteCertificate, ZoneInput } from './types.js';

/** An association that still holds a certificate (enabled true or false). */
export type HoldingAssociation = RemoteAssociation & { certId: string };

/** The zone as Cloudflare holds it, indexed for the planner. */
export interface RemoteState {
  certificates: Map<string, RemoteCertificate>;
  /** By lowercase hostname; voided associations are left out. */
  associations: Map<string, HoldingAssociation>;
}

/** Cloudflare stores hostnames in lower case; so does the planner, to compare. */
export function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase();
}

export function indexRemote(remote: ZoneInput['remote']): RemoteState {
  const certificates = new Map(remote.certificates.map((certificate) => [certificate.id, certificate]));
  const associations = new Map<string, HoldingAssociation>();
  for (const association of remote.associations) {
    if (holdsCertificate(association)) {
      const hostname = normalizeHostname(association.hostname);
      associations.set(hostname, { ...(association as HoldingAssociation), hostname });
    }
  }
  return { certificates, associations };
}

/** Hostnames whose association holds the certificate, in sorted order. */
export function hostnamesHolding(state: RemoteState, certId: string): string[] {
  return [...state.associations.values()]
    .filter((association) => association.certId === certId)
    .map((association) => association.hostname)
    .sort();
}
