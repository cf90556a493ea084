/** Plain values for the scan analysis: a zone, repository certificates and what Cloudflare holds. */
import type { HostnameAssociation } from '../../src/cloudflare/index.js';
import type { ManifestCertificate, ManifestZone } from '../../src/manifest/types.js';
import type { CertificateFacts } from '../../src/pki/index.js';
import type { RemoteCertificate, RepoCertificate, ScanPolicy, ZoneScanInput } from '../../src/scan/types.js';

export const NOW = new Date('2026-11-23T06:00:00Z');
const DAY_MS = 86_400_000;
export const POLICY: ScanPolicy = { now: NOW, warnDays: 30, failDays: 14 };

export function inDays(days: number): Date {
  return new Date(NOW.getTime() + days * DAY_MS + 3_600_000);
}

export function entry(name: string, hostnames: string[], line = 10): ManifestCertificate {
  return { name, certificate: `pki/${name}.crt`, hostnames, ignore: [], line };
}

export function zoneOf(certificates: ManifestCertificate[]): ManifestZone {
  return {
    zone: 'example.com',
    zoneId: 'z'.repeat(32),
    originCa: 'pki/rootca.crt',
    caRollover: false,
    certificates,
    line: 3,
  };
}

export function repoCert(
  certificate: ManifestCertificate,
  sha256: string,
  daysLeft: number,
): RepoCertificate {
  const facts: CertificateFacts = {
    subject: `CN=${certificate.hostnames[0]}`,
    issuer: 'CN=root',
    serialNumber: '01',
    sha256,
    notBefore: new Date(NOW.getTime() - 100 * DAY_MS),
    notAfter: inDays(daysLeft),
    daysLeft,
    dnsNames: certificate.hostnames,
    keyDescription: 'EC P-256',
    pem: '',
    issuedByOriginCa: true,
  };
  return { certificate, facts };
}

export function remoteCert(
  id: string,
  sha256: string,
  options: Partial<RemoteCertificate> & { days?: number } = {},
): RemoteCertificate {
  const { days = 300, ...rest } = options;
  return { id, sha256, status: 'active', owned: true, expiresOn: inDays(days).toISOString(), ...rest };
}

export function association(
  hostname: string,
  certId: string,
  options: Partial<HostnameAssociation> = {},
): HostnameAssociation {
  return { hostname, certId, enabled: true, status: 'active', ...options };
}

export function input(
  repo: RepoCertificate[],
  certificates: RemoteCertificate[],
  associations: HostnameAssociation[],
): ZoneScanInput {
  return {
    zone: zoneOf(repo.map((item) => item.certificate)),
    manifestFile: 'aop-certs.yml',
    repo,
    remote: {
      zoneId: 'z'.repeat(32),
      certificates,
      associations,
      associationMode: 'list',
      hostnamesRead: [],
      settingEnabled: true,
    },
  };
}
