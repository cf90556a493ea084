import { certificateFromPem } from '../pki/inspect.js';
import type { HostnameAssociation, HostnameCertificate } from './types.js';

type Raw = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function triState(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Lowercase hex SHA-256 of the DER of the first certificate in a PEM; undefined when it does not parse. */
export function certificateSha256(pem: string): string | undefined {
  return certificateFromPem(pem)?.sha256;
}

/** Which of the two item shapes Cloudflare's SDKs know a certificate-list item has. */
export type CertificateItemShape = 'certificate' | 'association';

/** Association-shaped items carry the certificate's ID as `cert_id`, next to an `id` no source explains. */
export function certificateItemShape(raw: Raw): CertificateItemShape {
  return text(raw.cert_id) !== undefined || text(raw.hostname) !== undefined ? 'association' : 'certificate';
}

/**
 * A certificate from any endpoint. The list endpoint has returned certificate-shaped items
 * (`id`, `status`, `uploaded_on`) and association-shaped ones (`cert_id`, `cert_status`,
 * `cert_uploaded_on`, and an `id` whose meaning no source states): both are read, and where both
 * names are present the certificate's own (`cert_id`, `cert_status`) wins.
 */
export function toHostnameCertificate(raw: Raw): HostnameCertificate {
  const certificatePem = text(raw.certificate);
  const cert: HostnameCertificate = {
    id: text(raw.cert_id) ?? text(raw.id) ?? '',
    status: text(raw.cert_status) ?? text(raw.status) ?? 'unknown',
  };
  const optional: Partial<HostnameCertificate> = {
    certificatePem,
    sha256: certificatePem ? certificateSha256(certificatePem) : undefined,
    expiresOn: text(raw.expires_on),
    serialNumber: text(raw.serial_number),
    issuer: text(raw.issuer),
    signature: text(raw.signature),
    uploadedOn: text(raw.uploaded_on) ?? text(raw.cert_uploaded_on),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(cert, { [key]: value });
  }
  return cert;
}

export function toHostnameAssociation(raw: Raw): HostnameAssociation {
  const association: HostnameAssociation = {
    hostname: text(raw.hostname) ?? '',
    enabled: triState(raw.enabled),
  };
  const optional: Partial<HostnameAssociation> = {
    certId: text(raw.cert_id),
    status: text(raw.status),
    certStatus: text(raw.cert_status),
    expiresOn: text(raw.expires_on),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(association, { [key]: value });
  }
  return association;
}

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
