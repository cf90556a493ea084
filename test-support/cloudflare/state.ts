/** The emulator's zones: certificates, associations and how their statuses move with the clock. */
import { X509Certificate, randomUUID } from 'node:crypto';
import type { AopStatus } from '../../src/cloudflare/types.js';
import { describeCertificate, parseUpload, type ParsedCertificate } from './certificates.js';
import { dialectOf, type Dialect } from './dialects.js';
import { ApiFailure } from './envelope.js';

export const MAX_CERTIFICATES_PER_ZONE = 10;
export const MAX_HOSTNAMES_PER_CERTIFICATE = 100;

/** Time as the emulator sees it: the real clock plus whatever a test advanced it by. */
export class Clock {
  private offsetMs = 0;
  /** `activationMs`: from upload to `active` (half initializing, half pending_deployment). */
  constructor(
    public statusStepMs: number,
    public activationMs = 2 * statusStepMs,
  ) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface StoredCertificate extends ParsedCertificate {
  id: string;
  uploadedAt: number;
  deletedAt?: number;
  /** Where deployment ends: `active`, or `deployment_timed_out` when a test asked for it. */
  deploysTo: 'active' | 'deployment_timed_out';
  /** A status a test pinned; wins over the clock. */
  pinned?: AopStatus;
}

export interface StoredAssociation {
  hostname: string;
  certId: string;
  enabled: boolean | null;
  createdAt: number;
  changedAt: number;
  pinned?: AopStatus;
}

export interface ZoneOptions {
  /** Which item shape `GET …/hostnames/certificates` returns (api reference §1.2 note a). */
  listShape?: 'certificate' | 'association';
  /** The zone-level AOP toggle read by `GET …/settings`. */
  settingEnabled?: boolean;
  /** The largest page the association list serves, to exercise pagination. Default 1000 (documented). */
  maxPerPage?: number;
}

export interface HostnameConfigInput {
  hostname?: unknown;
  cert_id?: unknown;
  enabled?: unknown;
}

export class Zone {
  readonly certificates = new Map<string, StoredCertificate>();
  readonly associations = new Map<string, StoredAssociation>();
  /** Rows of hostnames since re-pointed, still listed in the `voided-linger` dialect. */
  readonly history: StoredAssociation[] = [];
  readonly dialect: Required<Dialect>;
  readonly listShape: 'certificate' | 'association';
  settingEnabled: boolean;
  /** Global AOP (`tls_client_auth`), read by `GET /zones/{id}/settings/tls_client_auth`. */
  globalEnabled = false;
  readonly maxPerPage: number;
  uploadsToTimeOut = 0;

  constructor(
    readonly id: string,
    private readonly clock: Clock,
    private readonly violations: string[],
    options: ZoneOptions = {},
    dialect: Dialect = {},
  ) {
    this.dialect = dialectOf(dialect);
    this.listShape = options.listShape ?? this.dialect.certificateList;
    this.settingEnabled = options.settingEnabled ?? false;
    this.maxPerPage = Math.min(options.maxPerPage ?? 1000, this.dialect.pageSize);
  }

  certificateStatus(cert: StoredCertificate): AopStatus {
    if (cert.pinned) return cert.pinned;
    const step = this.clock.statusStepMs;
    if (cert.deletedAt !== undefined)
      return this.clock.now() - cert.deletedAt < step ? 'pending_deletion' : 'deleted';
    const age = this.clock.now() - cert.uploadedAt;
    if (age < this.clock.activationMs / 2) return 'initializing';
    if (age < this.clock.activationMs) return 'pending_deployment';
    return cert.deploysTo;
  }

  associationStatus(association: StoredAssociation): AopStatus {
    if (association.pinned) return association.pinned;
    const elapsed = this.clock.now() - association.changedAt;
    if (association.enabled === null)
      return elapsed < this.clock.statusStepMs ? 'pending_deletion' : 'deleted';
    const cert = this.certificates.get(association.certId);
    const certActive = cert !== undefined && this.certificateStatus(cert) === 'active';
    return certActive && elapsed >= this.clock.statusStepMs ? 'active' : 'pending_deployment';
  }

  /** Certificates that still exist (deleted ones vanish once their deletion is over). */
  liveCertificates(): StoredCertificate[] {
    return [...this.certificates.values()].filter((cert) => this.certificateStatus(cert) !== 'deleted');
  }

  /** What the certificate list shows: in the `deleted-linger` dialect, deleted ones too. */
  listedCertificates(): StoredCertificate[] {
    return this.dialect.deletedCertificates === 'linger'
      ? [...this.certificates.values()]
      : this.liveCertificates();
  }

  /**
   * 1415 is documented for PUT …/hostnames (HTTP 400); GET and DELETE answering 404 with it is a
   * guess. `lingering`: a GET or DELETE, which in the `deleted-linger` dialect still finds a deleted one.
   */
  findCertificate(certId: string, httpStatus = 404, lingering = false): StoredCertificate {
    const cert = this.certificates.get(certId);
    const found = lingering && this.dialect.deletedCertificates === 'linger' ? cert : undefined;
    if (found) return found;
    if (!cert || this.certificateStatus(cert) === 'deleted') {
      throw new ApiFailure(
        httpStatus,
        1415,
        'Certificate ID in request is either invalid or the certificate has been deleted',
      );
    }
    return cert;
  }

  upload(certificate: unknown, privateKey: unknown): StoredCertificate {
    const parsed = parseUpload(certificate, privateKey);
    const live = this.liveCertificates();
    if (
      live.some(
        (cert) => cert.sha256 === parsed.sha256 && this.certificateStatus(cert) !== 'pending_deletion',
      )
    ) {
      const [status, code] = this.dialect.duplicateUpload === '400/1406' ? [400, 1406] : [409, 1220];
      throw new ApiFailure(status, code, 'This certificate already exists for this zone.');
    }
    if (live.length >= MAX_CERTIFICATES_PER_ZONE) {
      throw new ApiFailure(
        400,
        1418,
        `You have reached the maximum of ${MAX_CERTIFICATES_PER_ZONE} hostname certificates per zone.`,
      );
    }
    const deploysTo = this.uploadsToTimeOut > 0 ? 'deployment_timed_out' : 'active';
    if (this.uploadsToTimeOut > 0) this.uploadsToTimeOut--;
    return this.store(parsed, this.clock.now(), deploysTo);
  }

  /** A certificate put there "by someone else": no checks, already past deployment unless told. */
  seed(pem: string, status: AopStatus = 'active'): StoredCertificate {
    const cert = this.store(describeCertificate(new X509Certificate(pem)), this.clock.now(), 'active');
    cert.pinned = status;
    return cert;
  }

  delete(certId: string): StoredCertificate {
    const cert = this.findCertificate(certId, 404, true);
    if (this.certificateStatus(cert) === 'deleted') return cert;
    const users = [...this.associations.values()].filter((a) => a.certId === certId && a.enabled !== null);
    if (users.length > 0) {
      throw new ApiFailure(
        400,
        1305,
        `This certificate cannot be deleted at this time: ${users.length} hostname(s) still use it; invalidate them with enabled: null first.`,
      );
    }
    if (cert.deletedAt === undefined) cert.deletedAt = this.clock.now();
    if (cert.pinned && !cert.pinned.startsWith('deletion')) delete cert.pinned;
    return cert;
  }

  /** One PUT …/hostnames: checked whole, then applied whole. */
  putHostnames(config: unknown): StoredAssociation[] {
    if (!Array.isArray(config)) throw new ApiFailure(400, 1004, 'config must be an array');
    const items = config.map((item: HostnameConfigInput) => this.checkItem(item));
    const perCertificate = new Map<string, Set<string>>();
    for (const association of this.associations.values()) {
      if (association.enabled !== null) addTo(perCertificate, association.certId, association.hostname);
    }
    for (const item of items) {
      for (const hostnames of perCertificate.values()) hostnames.delete(item.hostname);
      if (item.enabled !== null) addTo(perCertificate, item.certId, item.hostname);
    }
    for (const hostnames of perCertificate.values()) {
      if (hostnames.size > MAX_HOSTNAMES_PER_CERTIFICATE) {
        throw new ApiFailure(
          400,
          1419,
          `${MAX_HOSTNAMES_PER_CERTIFICATE} maximum associations on a single certificate are allowed.`,
        );
      }
    }
    return items.map((item) => this.apply(item));
  }

  private checkItem(item: HostnameConfigInput): {
    hostname: string;
    certId: string;
    enabled: boolean | null;
  } {
    if (typeof item?.hostname !== 'string' || item.hostname === '') {
      throw new ApiFailure(400, 1004, 'hostname is required');
    }
    if (typeof item.cert_id !== 'string') throw new ApiFailure(400, 1004, 'cert_id is required');
    if (item.enabled !== null && typeof item.enabled !== 'boolean') {
      throw new ApiFailure(400, 1004, 'enabled must be true, false or null');
    }
    const cert = this.findCertificate(item.cert_id, 400);
    if (this.certificateStatus(cert) === 'pending_deletion') {
      throw new ApiFailure(
        400,
        1415,
        'Certificate ID in request is either invalid or the certificate has been deleted',
      );
    }
    return { hostname: item.hostname.toLowerCase(), certId: item.cert_id, enabled: item.enabled };
  }

  private apply(item: { hostname: string; certId: string; enabled: boolean | null }): StoredAssociation {
    const now = this.clock.now();
    if (item.enabled !== null) {
      const status = this.certificateStatus(this.findCertificate(item.certId));
      if (status !== 'active') {
        this.violations.push(
          `${item.hostname} was pointed at certificate ${item.certId} while it was ${status}`,
        );
      }
    }
    const previous = this.associations.get(item.hostname);
    if (previous && previous.certId !== item.certId && this.dialect.voidedRows === 'linger-false') {
      this.history.push({ ...previous, enabled: null, changedAt: now });
    }
    const association: StoredAssociation = {
      hostname: item.hostname,
      certId: item.certId,
      enabled: item.enabled,
      createdAt: previous?.createdAt ?? now,
      changedAt: now,
    };
    this.associations.set(item.hostname, association);
    return association;
  }

  private store(parsed: ParsedCertificate, uploadedAt: number, deploysTo: StoredCertificate['deploysTo']) {
    const cert: StoredCertificate = { ...parsed, id: randomUUID(), uploadedAt, deploysTo };
    this.certificates.set(cert.id, cert);
    return cert;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}
