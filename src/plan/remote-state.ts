import { holdsCertificate, servesCertificate, type AssociationRow } from './statuses.js';
import type { RemoteAssociation, RemoteCertificate, ZoneInput } from './types.js';

/** An association that still holds a certificate (enabled true or false, not on its way out). */
export type HoldingAssociation = RemoteAssociation & { certId: string };

/** The zone as Cloudflare holds it, indexed for the planner. */
export interface RemoteState {
  certificates: Map<string, RemoteCertificate>;
  /** By normalized hostname: the row that best says what the hostname has; non-holding rows are left out. */
  associations: AssociationIndex<HoldingAssociation>;
  /** Every association of the zone was seen (the list); false when only some hostnames were read. */
  associationsComplete: boolean;
}

/** Cloudflare stores hostnames in lower case, and a trailing dot names the same host. */
export function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * Association rows by normalized hostname. `get` gives the row that best says what the hostname
 * has (serving first, then holding enabled, then holding disabled, then any; ties go to the first
 * listed), so neither row order nor history rows decide; `rowsOf` keeps every row.
 */
export class AssociationIndex<T extends AssociationRow = AssociationRow> extends Map<string, T> {
  private readonly all = new Map<string, T[]>();

  constructor(rows: readonly T[] = []) {
    super();
    for (const row of rows) {
      const hostname = normalizeHostname(row.hostname);
      const normalized = row.hostname === hostname ? row : { ...row, hostname };
      this.all.set(hostname, [...(this.all.get(hostname) ?? []), normalized]);
    }
    for (const [hostname, list] of this.all) {
      const best = [...list].sort((a, b) => rank(a) - rank(b))[0];
      if (best) this.set(hostname, best);
    }
  }

  /** Every row listed for the hostname, in the order Cloudflare gave them. */
  rowsOf(hostname: string): T[] {
    return this.all.get(normalizeHostname(hostname)) ?? [];
  }

  /** Some row of the hostname serves `certId` (enabled, active, pointing at it). */
  serves(hostname: string, certId: string): boolean {
    return this.rowsOf(hostname).some((row) => servesCertificate(row, certId));
  }

  /** Hostnames with any row that holds `certId`, sorted: every such row counts, none shadows another. */
  hostnamesHolding(certId: string): string[] {
    const hostnames: string[] = [];
    for (const [hostname, list] of this.all) {
      if (list.some((row) => holdsCertificate(row) && row.certId === certId)) hostnames.push(hostname);
    }
    return hostnames.sort();
  }
}

function rank(row: AssociationRow): number {
  if (row.certId !== undefined && servesCertificate(row, row.certId)) return 0;
  if (holdsCertificate(row)) return row.enabled === true ? 1 : 2;
  return 3;
}

export function indexAssociations<T extends AssociationRow>(rows: readonly T[]): AssociationIndex<T> {
  return new AssociationIndex(rows);
}

export function indexRemote(remote: ZoneInput['remote']): RemoteState {
  const certificates = new Map(remote.certificates.map((certificate) => [certificate.id, certificate]));
  const holding = remote.associations.filter((row): row is HoldingAssociation => holdsCertificate(row));
  return {
    certificates,
    associations: new AssociationIndex(holding),
    associationsComplete: remote.associationsComplete ?? true,
  };
}

/** Hostnames whose association holds the certificate, in sorted order. */
export function hostnamesHolding(state: RemoteState, certId: string): string[] {
  return state.associations.hostnamesHolding(certId);
}
