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

export interface ManifestZone {
  zone: string;
  zoneId?: string;
  originCa: string;
  caRollover: boolean;
  /** The zone's own `prune`, overriding the input of that name for this zone. */
  prune?: boolean;
  /** The zone's own `delete-replaced`, overriding the input of that name for this zone. */
  deleteReplaced?: boolean;
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
