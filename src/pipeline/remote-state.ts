/**
 * What Cloudflare serves for a zone, read once: certificates, every association (status=all) and
 * the zone's AOP setting; then ownership, decided against the zone's origin-ca (DESIGN §2).
 */
import type { CloudflareClient, HostnameAssociation, HostnameCertificate } from '../cloudflare/index.js';
import type { FileInput } from '../pki/index.js';
import { issuingCaOf } from '../pki/ownership.js';

export interface RemoteCertificate extends HostnameCertificate {
  /** Signed by a CA of the zone's origin-ca: only these are ever replaced or deleted. */
  owned: boolean;
  /** SHA-256 of the origin-ca certificate that signed it, when owned. */
  caId?: string;
}

export interface RawZoneRemote {
  zoneId: string;
  certificates: HostnameCertificate[];
  associations: HostnameAssociation[];
  settingEnabled: boolean | null;
}

export interface ZoneRemote extends RawZoneRemote {
  certificates: RemoteCertificate[];
}

export async function fetchZoneRemote(client: CloudflareClient, zoneId: string): Promise<RawZoneRemote> {
  const [certificates, associations, setting] = await Promise.all([
    client.listCertificates(zoneId),
    client.listHostnames(zoneId),
    client.getSettings(zoneId),
  ]);
  return { zoneId, certificates, associations, settingEnabled: setting.enabled };
}

export function withOwnership(raw: RawZoneRemote, originCa: FileInput | undefined): ZoneRemote {
  return {
    ...raw,
    certificates: raw.certificates.map((certificate) => {
      const caId =
        certificate.certificatePem && originCa
          ? issuingCaOf(certificate.certificatePem, originCa.bytes)
          : undefined;
      return { ...certificate, owned: caId !== undefined, ...(caId ? { caId } : {}) };
    }),
  };
}

export async function readZoneRemote(
  client: CloudflareClient,
  zoneId: string,
  originCa: FileInput | undefined,
): Promise<ZoneRemote> {
  return withOwnership(await fetchZoneRemote(client, zoneId), originCa);
}

/** Reads each zone at most once per run, however many stages ask. */
export function zoneRemoteCache(client: CloudflareClient): (zoneId: string) => Promise<RawZoneRemote> {
  const reads = new Map<string, Promise<RawZoneRemote>>();
  return (zoneId) => {
    let read = reads.get(zoneId);
    if (!read) {
      read = fetchZoneRemote(client, zoneId);
      reads.set(zoneId, read);
    }
    return read;
  };
}
