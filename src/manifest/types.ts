export type PrivateKeySource = { env: string } | { file: string; passphraseEnv: string };

export interface ManifestCertificate {
  name: string;
  /** Repository-relative paths (the manifest writes them relative to its own folder). */
  certificate: string;
  extensions?: string;
  privateKey?: PrivateKeySource;
  hostnames: string[];
  ignore: string[];
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
  renew?: RenewSettings;
  certificates: ManifestCertificate[];
  line: number;
}

export interface Manifest {
  /** Repository-relative path of the manifest file. */
  path: string;
  zones: ManifestZone[];
}

export const MAX_CERTIFICATES_PER_ZONE = 10;
export const MAX_HOSTNAMES_PER_CERTIFICATE = 100;
