/** Parses and validates the manifest text (pure): schema first, then the rules a schema cannot say. */
import type { Finding } from '../findings.js';
import { manifestRelative } from './paths.js';
import { readPlainYaml } from './plain-yaml.js';
import { schemaFindings, type Locate } from './schema-errors.js';
import {
  MAX_CERTIFICATES_PER_ZONE,
  MAX_HOSTNAMES_PER_CERTIFICATE,
  type Manifest,
  type ManifestCertificate,
  type ManifestZone,
  type OriginTarget,
  type PrivateKeySource,
  type RenewSettings,
} from './types.js';
// Compiled from schemas/manifest.schema.json at build time (scripts/manifest-validator.ts).
import { validate } from './validate-manifest.js';

interface RawCertificate {
  name: string;
  certificate: string;
  extensions?: string;
  'private-key'?: { env: string } | { file: string; 'passphrase-env': string };
  hostnames: string[];
  ignore?: string[];
  origin?: RawOrigin;
}
interface RawOrigin {
  address: string;
  port?: number;
  path?: string;
}
interface RawAlerts {
  'account-id': string;
  email?: string[];
  webhooks?: string[];
  pagerduty?: string[];
}
interface RawZone {
  zone: string;
  'zone-id'?: string;
  'origin-ca': string;
  'ca-rollover'?: boolean;
  origin?: RawOrigin;
  prune?: boolean;
  'delete-replaced'?: boolean;
  renew?: RawRenew;
  certificates: RawCertificate[];
}
interface RawRenew {
  'ca-certificate'?: string;
  'ca-key-env': string;
  'ca-passphrase-env'?: string;
  'before-days'?: number;
  'validity-days'?: number;
}

function toRenew(file: string, raw: RawRenew | undefined): RenewSettings | undefined {
  if (!raw) return undefined;
  return {
    ...(raw['ca-certificate'] ? { caCertificate: manifestRelative(file, raw['ca-certificate']) } : {}),
    caKeyEnv: raw['ca-key-env'],
    ...(raw['ca-passphrase-env'] ? { caPassphraseEnv: raw['ca-passphrase-env'] } : {}),
    beforeDays: raw['before-days'] ?? 30,
    validityDays: raw['validity-days'] ?? 365,
  };
}

export interface ParsedManifest {
  manifest?: Manifest;
  findings: Finding[];
  locate: Locate;
}

export async function parseManifest(file: string, text: string): Promise<ParsedManifest> {
  const plain = readPlainYaml(text);
  if (plain) return validated(file, plain.value, plain.locate);
  // The YAML library is loaded only for a file outside plain YAML: most manifests never need it.
  const { readYamlDocument } = await import('./yaml-document.js');
  const read = readYamlDocument(file, text);
  if ('findings' in read) return read;
  return validated(file, read.value, read.locate);
}

/** The manifest's values checked against the schema, then against the rules a schema cannot say. */
function validated(file: string, value: unknown, locate: Locate): ParsedManifest {
  if (!validate(value)) return { locate, findings: schemaFindings(validate.errors ?? [], file, locate) };
  const raw = value as { zones: RawZone[]; alerts?: RawAlerts };
  const zones = raw.zones.map((zone, index) => toZone(file, zone, index, locate));
  const manifest: Manifest = { path: file, zones };
  if (raw.alerts) manifest.alerts = toAlerts(raw.alerts, locate);
  return { manifest, locate, findings: ruleFindings(manifest, locate) };
}

function toKey(file: string, raw: RawCertificate['private-key']): PrivateKeySource | undefined {
  if (!raw) return undefined;
  if ('env' in raw) return { env: raw.env };
  return { file: manifestRelative(file, raw.file), passphraseEnv: raw['passphrase-env'] };
}

function toOrigin(raw: RawOrigin | undefined): OriginTarget | undefined {
  if (!raw) return undefined;
  return { address: raw.address, port: raw.port ?? 443, path: raw.path ?? '/' };
}

function toAlerts(raw: RawAlerts, locate: Locate): NonNullable<Manifest['alerts']> {
  return {
    accountId: raw['account-id'],
    email: raw.email ?? [],
    webhooks: raw.webhooks ?? [],
    pagerduty: raw.pagerduty ?? [],
    line: locate(['alerts']) ?? 1,
  };
}

function toZone(file: string, raw: RawZone, zoneIndex: number, locate: Locate): ManifestZone {
  const zoneOrigin = toOrigin(raw.origin);
  const certificates = raw.certificates.map((certificate, index): ManifestCertificate => ({
    name: certificate.name,
    certificate: manifestRelative(file, certificate.certificate),
    extensions: certificate.extensions ? manifestRelative(file, certificate.extensions) : undefined,
    privateKey: toKey(file, certificate['private-key']),
    hostnames: certificate.hostnames.map((hostname) => hostname.toLowerCase()),
    ignore: certificate.ignore ?? [],
    origin: toOrigin(certificate.origin) ?? zoneOrigin,
    line: locate(['zones', zoneIndex, 'certificates', index]) ?? 1,
  }));
  return {
    zone: raw.zone.toLowerCase(),
    zoneId: raw['zone-id'],
    originCa: manifestRelative(file, raw['origin-ca']),
    caRollover: raw['ca-rollover'] ?? false,
    origin: zoneOrigin,
    ...(raw.prune === undefined ? {} : { prune: raw.prune }),
    ...(raw['delete-replaced'] === undefined ? {} : { deleteReplaced: raw['delete-replaced'] }),
    ...(raw.renew ? { renew: toRenew(file, raw.renew) } : {}),
    certificates,
    line: locate(['zones', zoneIndex]) ?? 1,
  };
}

function ruleFindings(manifest: Manifest, locate: Locate): Finding[] {
  const findings: Finding[] = [];
  const file = manifest.path;
  const hostnameOwners = new Map<string, string>();
  const zoneNames = new Set<string>();
  const zoneIds = new Map<string, string>();
  manifest.zones.forEach((zone, zoneIndex) => {
    const at = (...rest: (string | number)[]) => locate(['zones', zoneIndex, ...rest]);
    const base = { file, zone: zone.zone } as const;
    if (zoneNames.has(zone.zone)) {
      findings.push({
        ...base,
        severity: 'error',
        rule: 'manifest.duplicate_zone',
        line: at('zone'),
        message: `Zone ${zone.zone} appears more than once.`,
        fix: 'Merge its certificates into one zone entry.',
      });
    }
    zoneNames.add(zone.zone);
    const sharing = zone.zoneId ? zoneIds.get(zone.zoneId) : undefined;
    if (sharing) {
      findings.push({
        ...base,
        severity: 'error',
        rule: 'manifest.duplicate_zone_id',
        line: at('zone-id'),
        message: `Zones ${sharing} and ${zone.zone} have the same zone-id: one of them would be planned against the other's certificates.`,
        fix: 'Copy each zone-id from its own zone (Cloudflare dashboard → the zone → Overview → API → Zone ID).',
      });
    } else if (zone.zoneId) {
      zoneIds.set(zone.zoneId, zone.zone);
    }
    const count = zone.certificates.length;
    if (count > MAX_CERTIFICATES_PER_ZONE) {
      findings.push({
        ...base,
        severity: 'error',
        rule: 'manifest.zone_limit',
        line: at('certificates'),
        message: `Zone ${zone.zone} lists ${count} certificates; Cloudflare allows at most ${MAX_CERTIFICATES_PER_ZONE} hostname certificates per zone.`,
        fix: 'Put more hostnames on fewer certificates (up to 100 each).',
      });
    } else if (count === MAX_CERTIFICATES_PER_ZONE) {
      findings.push({
        ...base,
        severity: 'warning',
        rule: 'manifest.zone_limit',
        line: at('certificates'),
        message: `Zone ${zone.zone} uses all ${MAX_CERTIFICATES_PER_ZONE} certificate slots: no spare slot, so rotations go one certificate at a time.`,
        fix: 'Consider merging certificates so that a rotation can upload before it deletes.',
      });
    }
    const names = new Set<string>();
    zone.certificates.forEach((certificate, certIndex) => {
      const certBase = { ...base, certificate: certificate.name };
      if (names.has(certificate.name)) {
        findings.push({
          ...certBase,
          severity: 'error',
          rule: 'manifest.duplicate_name',
          line: at('certificates', certIndex, 'name'),
          message: `Certificate name "${certificate.name}" is used twice in zone ${zone.zone}.`,
          fix: 'Give each certificate of a zone its own name.',
        });
      }
      names.add(certificate.name);
      if (certificate.hostnames.length > MAX_HOSTNAMES_PER_CERTIFICATE) {
        findings.push({
          ...certBase,
          severity: 'error',
          rule: 'manifest.hostname_limit',
          line: at('certificates', certIndex, 'hostnames'),
          message: `Certificate "${certificate.name}" has ${certificate.hostnames.length} hostnames; Cloudflare allows at most ${MAX_HOSTNAMES_PER_CERTIFICATE} per certificate.`,
          fix: 'Split the hostnames over two certificates.',
        });
      }
      certificate.hostnames.forEach((hostname, hostIndex) => {
        // Looked up only for a finding: most hostnames have none.
        const line = () => at('certificates', certIndex, 'hostnames', hostIndex);
        if (hostname !== zone.zone && !hostname.endsWith(`.${zone.zone}`)) {
          findings.push({
            ...certBase,
            severity: 'error',
            rule: 'manifest.hostname_zone',
            line: line(),
            message: `Hostname ${hostname} is not in zone ${zone.zone}.`,
            fix: `Move it to the entry of the zone it belongs to, or correct the spelling.`,
          });
        }
        const owner = hostnameOwners.get(hostname);
        const here = `${zone.zone}/${certificate.name}`;
        if (owner !== undefined) {
          findings.push({
            ...certBase,
            severity: 'error',
            rule: 'manifest.duplicate_hostname',
            line: line(),
            message: `Hostname ${hostname} is also mapped by ${owner}; Cloudflare serves one certificate per hostname.`,
            fix: 'Keep the hostname on one certificate only.',
          });
        } else {
          hostnameOwners.set(hostname, here);
        }
      });
    });
  });
  return findings;
}
