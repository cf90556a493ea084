/** What the rest of the action sees of Cloudflare: plain values, normalized from the API's shapes. */

export type CloudflareAuth =
  { kind: 'token'; token: string } | { kind: 'global-key'; email: string; key: string };

export interface CloudflareLogger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** The status enum shared by certificates and associations (api reference §1.5). */
export type AopStatus =
  | 'initializing'
  | 'pending_deployment'
  | 'pending_deletion'
  | 'active'
  | 'deleted'
  | 'deployment_timed_out'
  | 'deletion_timed_out';

/** One per-hostname client certificate as Cloudflare holds it. */
export interface HostnameCertificate {
  id: string;
  /** An `AopStatus`, or whatever new value Cloudflare sends. */
  status: string;
  certificatePem?: string;
  /** Lowercase hex SHA-256 of the certificate's DER, computed from `certificatePem`. */
  sha256?: string;
  expiresOn?: string;
  serialNumber?: string;
  issuer?: string;
  signature?: string;
  uploadedOn?: string;
}

/** One hostname's association with a certificate. */
export interface HostnameAssociation {
  hostname: string;
  certId?: string;
  /** true: enabled; false: disabled but kept; null: voided. */
  enabled: boolean | null;
  status?: string;
  certStatus?: string;
  expiresOn?: string;
}

export interface HostnameConfig {
  hostname: string;
  certId: string;
  enabled: boolean | null;
}

export interface ZoneAopSettings {
  /** The zone-level AOP toggle; null when Cloudflare does not say. */
  enabled: boolean | null;
}

/** Operation names, used in errors, logs and the emulator's request log. */
export type CloudflareOperation =
  | 'listCertificates'
  | 'getCertificate'
  | 'uploadCertificate'
  | 'deleteCertificate'
  | 'putHostnames'
  | 'getHostname'
  | 'listHostnames'
  | 'getSettings'
  | 'getZone'
  | 'getGlobalSetting'
  | AlertingOperation;

/** The notification-policy calls of expiry alerts (src/cloudflare/alerting.ts). */
export type AlertingOperation = 'listAlertPolicies' | 'createAlertPolicy' | 'updateAlertPolicy';

export interface PaceOptions {
  requests: number;
  windowMs: number;
}

export interface ClientOptions {
  /** Base URL including `/client/v4`, e.g. `https://api.cloudflare.com/client/v4`. */
  apiUrl: string;
  auth: CloudflareAuth;
  log?: CloudflareLogger;
  /** Per attempt, headers and body included. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** Total time a call may spend waiting between attempts. Default 6 minutes: one 5-minute lockout fits. */
  maxRetryMs?: number;
  /** Client-side pacing; false turns it off. Default 900 requests per 5 minutes. */
  pace?: PaceOptions | false;
  /** Replaceable for tests, together with `now`. */
  sleep?: (ms: number) => Promise<void>;
  /** Replaceable for tests: the clock that `sleep` moves. */
  now?: () => number;
  /** Replaceable for tests; returns a number in [0, 1). */
  random?: () => number;
}

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Of those, POST, PUT and DELETE. */
  writes: number;
  /** Attempts after the first. */
  retries: number;
}

export interface CloudflareClient {
  /** Every hostname certificate in the zone, from either item shape the endpoint has returned. */
  listCertificates(zoneId: string): Promise<HostnameCertificate[]>;
  getCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  /** Uploads once: after an ambiguous failure it looks for the same certificate before trying again. */
  uploadCertificate(
    zoneId: string,
    body: { certificate: string; privateKey: string },
  ): Promise<HostnameCertificate>;
  deleteCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  /** One `PUT …/hostnames` for all of `config`; returns Cloudflare's associations for them. */
  putHostnames(zoneId: string, config: HostnameConfig[]): Promise<HostnameAssociation[]>;
  getHostname(zoneId: string, hostname: string): Promise<HostnameAssociation>;
  /** Every association in the zone (`status=all`), every page. */
  listHostnames(zoneId: string): Promise<HostnameAssociation[]>;
  getSettings(zoneId: string): Promise<ZoneAopSettings>;
  /** The zone's name (`GET /zones/{id}`, which needs Zone Read on the token). */
  getZone(zoneId: string): Promise<{ id: string; name: string }>;
  /** Global AOP: the zone setting `tls_client_auth` (Cloudflare's shared certificate); null when it does not say. */
  getGlobalSetting(zoneId: string): Promise<ZoneAopSettings>;
  readonly stats: Readonly<ClientStats>;
  /** Where the client logs; readers built on it say their warnings here too. */
  readonly log: CloudflareLogger;
}
