/** Drift of one manifest certificate's hostnames: not served, served by another certificate, stuck. */
import type { HostnameAssociation } from '../cloudflare/index.js';
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
import { normalizeHostname } from '../plan/remote-state.js';
import { isTimedOut } from '../plan/statuses.js';
import { REDEPLOY_ACTION } from './actions.js';
import type { AssociationIndex } from './associations.js';
import { SCAN_RULES } from './rules.js';
import type { RemoteCertificate, ScanItem } from './types.js';

export interface HostnameCheckInput {
  zone: ManifestZone;
  manifestFile: string;
  certificate: ManifestCertificate;
  /** SHA-256 of the repository's leaf; unknown when the file could not be read. */
  sha256?: string;
  associations: AssociationIndex;
  certificates: RemoteCertificate[];
}

type HostnameState =
  | { kind: 'served' }
  | { kind: 'not-served'; why: string }
  | { kind: 'timed-out'; status: string }
  | { kind: 'drift'; by: RemoteCertificate };

function stateOf(input: HostnameCheckInput, association: HostnameAssociation | undefined): HostnameState {
  if (!association || association.enabled === null || !association.certId)
    return { kind: 'not-served', why: association ? 'association voided' : 'no association' };
  if (association.enabled === false) return { kind: 'not-served', why: 'association disabled' };
  if (isTimedOut(association.status)) return { kind: 'timed-out', status: association.status! };
  const served = input.certificates.find((certificate) => certificate.id === association.certId);
  if (!served)
    return { kind: 'not-served', why: `points at ${association.certId}, which Cloudflare no longer lists` };
  if (input.sha256 === undefined || served.sha256 === input.sha256) return { kind: 'served' };
  return { kind: 'drift', by: served };
}

/** A hostname and why it was flagged. */
interface Flagged {
  hostname: string;
  detail: string;
}

function listed(flagged: Flagged[]): string {
  return flagged.map((entry) => `${entry.hostname} (${entry.detail})`).join(', ');
}

export function hostnameItems(input: HostnameCheckInput): ScanItem[] {
  const { zone, certificate } = input;
  const base = {
    zone: zone.zone,
    certificate: certificate.name,
    todo: 'redeploy' as const,
    action: REDEPLOY_ACTION,
    file: input.manifestFile,
    line: certificate.line,
  };
  const notServed: Flagged[] = [];
  const timedOut: Flagged[] = [];
  const drifted = new Map<RemoteCertificate, string[]>();
  for (const hostname of certificate.hostnames.map(normalizeHostname)) {
    // Any row serving a copy of the leaf means served, whatever other rows the hostname has.
    const servedByLeaf =
      input.sha256 !== undefined &&
      input.certificates.some(
        (copy) => copy.sha256 === input.sha256 && input.associations.serves(hostname, copy.id),
      );
    const state = servedByLeaf
      ? ({ kind: 'served' } as const)
      : stateOf(input, input.associations.get(hostname));
    if (state.kind === 'not-served') notServed.push({ hostname, detail: state.why });
    if (state.kind === 'timed-out') timedOut.push({ hostname, detail: state.status });
    if (state.kind === 'drift') drifted.set(state.by, [...(drifted.get(state.by) ?? []), hostname]);
  }
  const items: ScanItem[] = [];
  if (notServed.length > 0) {
    items.push({
      ...base,
      rule: SCAN_RULES.notServed.id,
      level: 'critical',
      hostnames: notServed.map((entry) => entry.hostname),
      message: `Not served: ${listed(notServed)}. Cloudflare sends the origin no per-hostname client certificate for ${notServed.length === 1 ? 'it' : 'them'}.`,
    });
  }
  if (timedOut.length > 0) {
    items.push({
      ...base,
      rule: SCAN_RULES.timedOut.id,
      level: 'critical',
      hostnames: timedOut.map((entry) => entry.hostname),
      message: `The association of ${listed(timedOut)} timed out in Cloudflare.`,
    });
  }
  for (const [served, hostnames] of drifted) {
    const whose = served.owned
      ? 'an older certificate of this repository'
      : `a certificate the repository does not have (not signed by ${zone.originCa})`;
    // Deploy takes a hostname from a leaf of another CA only with ca-rollover: say so up front.
    const action = served.owned
      ? REDEPLOY_ACTION
      : `${REDEPLOY_ACTION} The serving certificate is not signed by ${zone.originCa}, so deploy moves ${hostnames.length === 1 ? 'it' : 'them'} only once the origin trusts ${zone.originCa} too and the zone says \`ca-rollover: true\`.`;
    items.push({
      ...base,
      action,
      rule: SCAN_RULES.drift.id,
      level: 'warning',
      certId: served.id,
      hostnames,
      message: `${hostnames.join(', ')} ${hostnames.length === 1 ? 'is' : 'are'} served by ${served.id}, ${whose}, not by the manifest's certificate.`,
    });
  }
  return items;
}
