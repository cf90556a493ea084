/** The repositories the benchmark runs the action on: many zones under one origin CA, written as a manifest. */
import type { Issued } from '../test-support/pki.js';

export const CA_FILE = 'pki/rootca.crt';
/** One extension file every leaf was signed with, as most repositories have; it leaves out the SAN. */
export const EXTENSION_FILE = 'pki/cert.v3.ext';
const EXTENSION_TEXT = [
  'basicConstraints = CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = clientAuth',
  '',
].join('\n');

export interface BenchCertificate {
  name: string;
  leaf: Issued;
  hostnames: string[];
}

export interface BenchZone {
  name: string;
  id: string;
  certificates: BenchCertificate[];
}

export function zoneName(index: number): string {
  return `zone${index}.example`;
}

/** A stable 32-hex zone ID per zone index; the leading letter keeps YAML from reading it as a number. */
export function zoneId(index: number): string {
  return `f${index.toString(16).padStart(31, '0')}`;
}

function keyVariable(zone: BenchZone, certificate: BenchCertificate): string {
  return `AOP_KEY_${zone.name}_${certificate.name}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function certificateFile(zone: BenchZone, certificate: BenchCertificate): string {
  return `pki/${zone.name}/${certificate.name}.crt`;
}

/**
 * The manifest, the CA and every leaf; with `keys`, each certificate names its key's variable;
 * with `extensions`, each names the shared extension file.
 */
export function repositoryFiles(
  ca: Issued,
  zones: BenchZone[],
  keys: boolean,
  extensions = false,
): Record<string, string> {
  const files: Record<string, string> = { [CA_FILE]: ca.certPem };
  if (extensions) files[EXTENSION_FILE] = EXTENSION_TEXT;
  const extensionLine = extensions ? `        extensions: ${EXTENSION_FILE}\n` : '';
  const zoneEntries = zones.map((zone) => {
    const entries = zone.certificates.map((certificate) => {
      files[certificateFile(zone, certificate)] = certificate.leaf.certPem;
      const key = keys ? `        private-key:\n          env: ${keyVariable(zone, certificate)}\n` : '';
      return `      - name: ${certificate.name}\n        certificate: ${certificateFile(zone, certificate)}\n${extensionLine}${key}        hostnames: [${certificate.hostnames.join(', ')}]\n`;
    });
    const certificates = entries.length > 0 ? `\n${entries.join('')}` : ' []\n';
    return `  - zone: ${zone.name}\n    zone-id: ${zone.id}\n    origin-ca: ${CA_FILE}\n    certificates:${certificates}`;
  });
  files['aop-certs.yml'] = `version: 1\nzones:\n${zoneEntries.join('')}`;
  return files;
}

/** The environment that gives deploy each certificate's private key. */
export function keyEnvironment(zones: BenchZone[]): Record<string, string> {
  return Object.fromEntries(
    zones.flatMap((zone) =>
      zone.certificates.map((certificate) => [keyVariable(zone, certificate), certificate.leaf.keyPem]),
    ),
  );
}
