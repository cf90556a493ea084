/** The per-hostname AOP endpoints (api reference §1.2) and the JSON each one answers with. */
import { createHash } from 'node:crypto';
import type { CloudflareOperation } from '../../src/cloudflare/types.js';
import { ApiFailure, ok, type ApiResponse } from './envelope.js';
import type { StoredAssociation, StoredCertificate, Zone } from './state.js';

export interface RouteRequest {
  zone: Zone;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface Route {
  operation: CloudflareOperation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/zones/{zone_id}/origin_tls_client_auth`; groups are the params after the zone. */
  pattern: RegExp;
  handle(req: RouteRequest): ApiResponse;
}

const ASSOCIATION_STATUSES = new Set([
  'active',
  'pending_deployment',
  'pending_deletion',
  'deleted',
  'deployment_timed_out',
  'deletion_timed_out',
]);

export const ROUTES: Route[] = [
  {
    operation: 'listCertificates',
    method: 'GET',
    pattern: /^\/hostnames\/certificates$/,
    handle: ({ zone, query }) => {
      const all = zone.listedCertificates().flatMap((cert) => certificateListItems(zone, cert));
      if (zone.dialect.pageSize >= all.length && !query.has('page')) {
        return ok(all, { page: 1, per_page: all.length, count: all.length, total_count: all.length });
      }
      return paged(all, positiveInt(query.get('page'), 1, 'page'), zone.dialect.pageSize);
    },
  },
  {
    operation: 'uploadCertificate',
    method: 'POST',
    pattern: /^\/hostnames\/certificates$/,
    handle: ({ zone, body }) => {
      const { certificate, private_key } = asObject(body);
      return ok(certificateJson(zone, zone.upload(certificate, private_key), 'certificate'));
    },
  },
  {
    operation: 'getCertificate',
    method: 'GET',
    pattern: /^\/hostnames\/certificates\/([^/]+)$/,
    handle: ({ zone, params }) =>
      ok(certificateJson(zone, zone.findCertificate(params[0]!, 404, true), 'certificate')),
  },
  {
    operation: 'deleteCertificate',
    method: 'DELETE',
    pattern: /^\/hostnames\/certificates\/([^/]+)$/,
    handle: ({ zone, params }) => ok(certificateJson(zone, zone.delete(params[0]!), 'certificate')),
  },
  {
    operation: 'putHostnames',
    method: 'PUT',
    pattern: /^\/hostnames$/,
    handle: ({ zone, body }) => {
      const items = zone.putHostnames(asObject(body).config).map((a) => associationJson(zone, a, true));
      return ok(items, { page: 1, per_page: items.length, count: items.length, total_count: items.length });
    },
  },
  {
    operation: 'listHostnames',
    method: 'GET',
    pattern: /^\/hostnames$/,
    handle: ({ zone, query }) => listAssociations(zone, query),
  },
  {
    operation: 'getHostname',
    method: 'GET',
    pattern: /^\/hostnames\/([^/]+)$/,
    handle: ({ zone, params }) => {
      const association = zone.associations.get(params[0]!.toLowerCase());
      if (!association) throw new ApiFailure(404, 1404, 'Hostname not found');
      return ok(associationJson(zone, association, true));
    },
  },
  {
    operation: 'getSettings',
    method: 'GET',
    pattern: /^\/settings$/,
    handle: ({ zone }) => ok({ enabled: zone.settingEnabled }),
  },
  {
    operation: 'getGlobalSetting',
    method: 'GET',
    /** `/zones/{id}/settings/tls_client_auth`, outside origin_tls_client_auth: the server maps it here. */
    pattern: /^@\/settings\/tls_client_auth$/,
    handle: ({ zone }) =>
      ok({ id: 'tls_client_auth', value: zone.globalEnabled ? 'on' : 'off', editable: true }),
  },
];

function paged(all: unknown[], page: number, perPage: number): ApiResponse {
  const items = all.slice((page - 1) * perPage, page * perPage);
  return ok(items, {
    page,
    per_page: perPage,
    count: items.length,
    total_count: all.length,
    total_pages: Math.max(1, Math.ceil(all.length / perPage)),
  });
}

function listAssociations(zone: Zone, query: URLSearchParams): ApiResponse {
  const page = positiveInt(query.get('page'), 1, 'page');
  const perPage = Math.min(positiveInt(query.get('per_page'), 50, 'per_page'), zone.maxPerPage, 1000);
  const wanted = (query.get('status') ?? 'active').split(',');
  for (const status of wanted) {
    if (status !== 'all' && !ASSOCIATION_STATUSES.has(status))
      throw new ApiFailure(400, 1004, `Invalid status: ${status}`);
  }
  // History rows come after the live row of their hostname: a reader where the last row wins is wrong here.
  const all = [...zone.associations.values(), ...zone.history]
    .filter((a) => wanted.includes('all') || wanted.includes(zone.associationStatus(a)))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  return paged(
    all.map((a) => associationJson(zone, a, false)),
    page,
    perPage,
  );
}

/** In the older, association-shaped list a certificate appears once per hostname it serves (guessed). */
function certificateListItems(zone: Zone, cert: StoredCertificate): Record<string, unknown>[] {
  if (zone.listShape === 'certificate') return [certificateJson(zone, cert, 'certificate')];
  const item = certificateJson(zone, cert, 'association');
  const users = [...zone.associations.values()].filter((a) => a.certId === cert.id && a.enabled !== null);
  // The Go SDK's item has an `id` next to `cert_id`; no source says what it is: here, not the certificate's.
  if (users.length === 0) return [{ id: unrelatedId(cert.id, ''), ...item }];
  return users.map((a) => ({
    id: unrelatedId(cert.id, a.hostname),
    ...item,
    hostname: a.hostname,
    enabled: a.enabled,
    status: zone.associationStatus(a),
  }));
}

function certificateJson(zone: Zone, cert: StoredCertificate, shape: 'certificate' | 'association') {
  const status = zone.certificateStatus(cert);
  const common = {
    certificate: cert.pem,
    expires_on: cert.expiresOn,
    issuer: cert.issuer,
    serial_number: cert.serialNumber,
    signature: cert.signature,
  };
  const uploadedOn = new Date(cert.uploadedAt).toISOString();
  if (shape === 'certificate') return { id: cert.id, ...common, status, uploaded_on: uploadedOn };
  return { cert_id: cert.id, ...common, cert_status: status, cert_uploaded_on: uploadedOn, enabled: null };
}

function unrelatedId(certId: string, hostname: string): string {
  const hex = createHash('sha256').update(`association:${certId}:${hostname}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `full`: the object PUT and GET one hostname return; otherwise the list's summary. */
function associationJson(zone: Zone, association: StoredAssociation, full: boolean) {
  const voided = association.enabled === null;
  const summary = {
    hostname: association.hostname,
    cert_id: association.certId,
    enabled: voided && zone.dialect.voidedRows === 'linger-false' ? false : association.enabled,
    status: zone.associationStatus(association),
    created_at: new Date(association.createdAt).toISOString(),
    updated_at: new Date(association.changedAt).toISOString(),
  };
  const cert = zone.certificates.get(association.certId);
  if (!full || !cert) return summary;
  return {
    ...summary,
    cert_status: zone.certificateStatus(cert),
    cert_uploaded_on: new Date(cert.uploadedAt).toISOString(),
    certificate: cert.pem,
    expires_on: cert.expiresOn,
    issuer: cert.issuer,
    serial_number: cert.serialNumber,
    signature: cert.signature,
  };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiFailure(400, 1001, 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function positiveInt(value: string | null, fallback: number, name: string): number {
  if (value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new ApiFailure(400, 1004, `Invalid ${name}`);
  return number;
}
