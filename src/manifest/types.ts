export type PrivateKeySource = { env: string } | { file: string; passphraseEnv: string };

/** Where an origin is reached directly (not through Cloudflare), for the origin probes. */
export interface OriginTarget {
  /** IP address or DNS name. */
  address: string;
  port: number;
  /** Request path; the request sends Host and SNI = the hostname. */
  path: string;
}

/** The top-level `alerts:` key: one Cloudflare notification policy for AOP certificate expiry. */
export interface AlertsConfig {
  accountId: string;
  email: string[];
  webhooks: string[];
  pagerduty: string[];
  line: number;
}

export interface ManifestCertificate {
  name: string;
  /** Repository-relative paths (the manifest writes them relative to its own folder). */
  certificate: string;
  extensions?: string;
  privateKey?: PrivateKeySource;
  hostnames: string[];
  ignore: string[];
  /** The origin of its hostnames, when the certificate (or its zone) says. */
  origin?: OriginTarget;
  /** Line of the certificate's entry in the manifest, for findings about the entry itself. */
  line: number;
}

/** Per zone `renew:`: the action may issue successors itself, signed by this CA. */
export interface RenewSettings {
  /** Repository-relative path of the signing CA's certificate (default: origin-ca, its first certificate). */
  caCertificate?: string;
  caKeyEnv: string;
  caPassphraseEnv?: string;
  beforeDays: number;
  validityDays: number;
}

export interface ManifestZone {
  zone: string;
  zoneId?: string;
  originCa: string;
  caRollover: boolean;
  /** The origin of every certificate of the zone that does not name its own. */
  origin?: OriginTarget;
  /** The zone's own `prune`, overriding the input of that name for this zone. */
  prune?: boolean;
  /** The zone's own `delete-replaced`, overriding the input of that name for this zone. */
  deleteReplaced?: boolean;
  renew?: RenewSettings;
  certificates: ManifestCertificate[];
  line: number;
}

export interface Manifest {
  /** Repository-relative path of the manifest file. */
  path: string;
  zones: ManifestZone[];
  alerts?: AlertsConfig;
}

export const MAX_CERTIFICATES_PER_ZONE = 10;
export const MAX_HOSTNAMES_PER_CERTIFICATE = 100;
