/**
 * What Cloudflare serves for a zone, read once: certificates, the associations (the whole list, or
 * hostname by hostname where the list is not served) and the zone-level AOP setting;
 * then ownership, decided against the zone's origin-ca.
 */
import {
  readAssociations,
  readHostnames,
  type AssociationMode,
  type CloudflareClient,
  type HostnameAssociation,
  type HostnameCertificate,
} from '../cloudflare/index.js';
import type { FileInput } from '../pki/index.js';
import { certificateNames, issuingCaOf } from '../pki/ownership.js';
import { normalizeHostname } from '../plan/remote-state.js';
import type { RemoteCertificate } from '../plan/types.js';

export type { RemoteCertificate };

export interface RawZoneRemote {
  zoneId: string;
  certificates: HostnameCertificate[];
  associations: HostnameAssociation[];
  /** `per-hostname`: the association list is not served; only the hostnames asked about were read. */
  associationMode: AssociationMode;
  /** The hostnames read one by one (per-hostname mode only). */
  hostnamesRead: string[];
  /** Zone-level AOP; null when unknown (not said, or the read failed). */
  settingEnabled: boolean | null;
  /**
   * Global AOP (`tls_client_auth`), read once and only on demand: it matters only when a hostname
   * loses its association while the zone setting is off, and the token may not be allowed to read it
   * (null then).
   */
  globalSetting?: () => Promise<boolean | null>;
}

export interface ZoneRemote extends RawZoneRemote {
  certificates: RemoteCertificate[];
}

/** What the job summary says about how the zone's associations were read. */
export function describeAssociationMode(
  remote: Pick<RawZoneRemote, 'associationMode' | 'hostnamesRead'>,
): string {
  return remote.associationMode === 'list'
    ? 'Associations: read from the association list.'
    : `Associations: Cloudflare does not serve the association list, so each of ${remote.hostnamesRead.length} hostname(s) (the manifest's and those named in the zone's certificates) was read on its own, one request each; associations of other hostnames cannot be seen.`;
}

/** The hostnames worth reading on their own: those asked for and every name in a listed certificate. */
function hostnamesToRead(certificates: HostnameCertificate[], wanted: readonly string[]): string[] {
  const names = certificates.flatMap((certificate) =>
    certificate.certificatePem ? certificateNames(certificate.certificatePem) : [],
  );
  return [...new Set([...wanted, ...names].map(normalizeHostname))]
    .filter((hostname) => hostname !== '' && !hostname.includes('*'))
    .sort();
}

async function optionalSetting(
  client: CloudflareClient,
  read: () => Promise<{ enabled: boolean | null }>,
  warning: string,
): Promise<boolean | null> {
  try {
    return (await read()).enabled;
  } catch (error) {
    // Informational only: a zone is never blocked on it.
    client.log.warning(`${warning} (${(error as Error).message})`);
    return null;
  }
}

/** Reads the zone; `hostnames` are the manifest's, read one by one if the association list is not served. */
export async function fetchZoneRemote(
  client: CloudflareClient,
  zoneId: string,
  hostnames: readonly string[] = [],
): Promise<RawZoneRemote> {
  const certificatesRead = client.listCertificates(zoneId);
  const [certificates, associations, settingEnabled] = await Promise.all([
    certificatesRead,
    readAssociations(client, zoneId, async () => hostnamesToRead(await certificatesRead, hostnames)),
    optionalSetting(
      client,
      () => client.getSettings(zoneId),
      `Zone ${zoneId}: zone AOP setting unknown, the read failed`,
    ),
  ]);
  const hostnamesRead = associations.mode === 'per-hostname' ? hostnamesToRead(certificates, hostnames) : [];
  if (associations.mode === 'per-hostname') {
    client.log.warning(
      `Zone ${zoneId}: Cloudflare does not serve the association list (GET …/hostnames), so ${hostnamesRead.length} hostname(s) were read one by one. Associations of hostnames neither in the manifest nor in a certificate of the zone cannot be seen: prune does not void them.`,
    );
  }
  let globalRead: Promise<boolean | null> | undefined;
  const globalSetting = () =>
    (globalRead ??= client.getGlobalSetting(zoneId).then(
      (setting) => setting.enabled,
      (error: unknown) => {
        client.log.debug(
          `Global AOP (tls_client_auth) of zone ${zoneId} not read: ${(error as Error).message}`,
        );
        return null;
      },
    ));
  return {
    zoneId,
    globalSetting,
    certificates,
    associations: associations.rows,
    associationMode: associations.mode,
    hostnamesRead,
    settingEnabled,
  };
}

/** Per-hostname mode only: also reads `hostnames` not read yet. */
async function withHostnames(
  client: CloudflareClient,
  remote: RawZoneRemote,
  hostnames: readonly string[],
): Promise<RawZoneRemote> {
  if (remote.associationMode === 'list') return remote;
  const read = new Set(remote.hostnamesRead);
  const missing = [...new Set(hostnames.map(normalizeHostname))].filter((hostname) => !read.has(hostname));
  if (missing.length === 0) return remote;
  const rows = await readHostnames(client, remote.zoneId, missing);
  return {
    ...remote,
    associations: [...remote.associations, ...rows],
    hostnamesRead: [...remote.hostnamesRead, ...missing].sort(),
  };
}

/** The one model of each remote certificate: ownership against the zone's origin-ca, names, expiry as a date. */
export function withOwnership(raw: RawZoneRemote, originCa: FileInput | undefined): ZoneRemote {
  return {
    ...raw,
    certificates: raw.certificates.map((certificate): RemoteCertificate => {
      const pem = certificate.certificatePem;
      const caId = pem && originCa ? issuingCaOf(pem, originCa.bytes) : undefined;
      const notAfter = certificate.expiresOn ? new Date(certificate.expiresOn) : undefined;
      return {
        ...certificate,
        owned: caId !== undefined,
        ...(caId ? { caId } : {}),
        ...(pem ? { names: certificateNames(pem) } : {}),
        ...(notAfter && !Number.isNaN(notAfter.getTime()) ? { notAfter } : {}),
      };
    }),
  };
}

export async function readZoneRemote(
  client: CloudflareClient,
  zoneId: string,
  originCa: FileInput | undefined,
  hostnames: readonly string[] = [],
): Promise<ZoneRemote> {
  return withOwnership(await fetchZoneRemote(client, zoneId, hostnames), originCa);
}

/** Reads each zone at most once per run, however many stages ask (and whatever hostnames they add). */
export function zoneRemoteCache(
  client: CloudflareClient,
): (zoneId: string, hostnames?: readonly string[]) => Promise<RawZoneRemote> {
  const reads = new Map<string, Promise<RawZoneRemote>>();
  return (zoneId, hostnames = []) => {
    const first = reads.get(zoneId) ?? fetchZoneRemote(client, zoneId, hostnames);
    const read = first.then((remote) => withHostnames(client, remote, hostnames));
    reads.set(zoneId, read);
    return read;
  };
}
