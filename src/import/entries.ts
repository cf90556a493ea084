/**
 * Import, the pure half: what Cloudflare serves in a zone → manifest entries, file paths and the
 * pull request's text. No I/O: the command reads Cloudflare and writes through GitHub.
 */
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { manifestRelative } from '../manifest/paths.js';
import { decodePemText } from '../pki/pem.js';
import { inspectCertificate } from '../pki/inspect.js';
import { COMMON_NAME } from '../pki/distinguished-name.js';
import { dnsNamesOf } from '../pki/extensions.js';
import { code, escapeText, isoDate, table } from '../report/markdown.js';

export interface ZoneTarget {
  id: string;
  /** Given as `name=id`, or read from Cloudflare later. */
  name?: string;
}

/** `example.com=023e…` or a bare zone ID; undefined when the entry is neither. */
export function parseZoneTarget(entry: string): ZoneTarget | undefined {
  const [left, right] = entry.includes('=')
    ? entry.split('=', 2).map((part) => part.trim())
    : [undefined, entry.trim()];
  if (!right || !/^[0-9a-f]{32}$/.test(right)) return undefined;
  if (left === undefined) return { id: right };
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(left) ? { id: right, name: left.toLowerCase() } : undefined;
}

export interface ServedCertificate {
  id: string;
  pem: string;
  hostnames: string[];
}

export interface ImportedCertificate {
  name: string;
  cloudflareId: string;
  /** Manifest-relative (as written in the manifest) and repository-relative paths of the PEM. */
  manifestPath: string;
  repoPath: string;
  pem: string;
  hostnames: string[];
  keyVariable: string;
  subject: string;
  issuer: string;
  serial: string;
  sha256: string;
  notAfter: Date;
}

export interface ImportedZone {
  zone: string;
  zoneId: string;
  /** As written in the manifest, and from the repository root. */
  originCa: string;
  originCaRepoPath: string;
  certificates: ImportedCertificate[];
  /**
   * Certificates Cloudflare holds that serve no hostname: the manifest cannot name them, and with
   * `delete-replaced` deploy would delete those the zone's CA signed, so the zone keeps it off.
   */
  unmapped: string[];
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** A manifest name from the common name: the zone's suffix dropped, `*` spelled out, made unique. */
export function deriveName(commonName: string | undefined, zone: string, taken: Set<string>): string {
  let base = (commonName ?? '').toLowerCase().trim();
  if (base === zone) base = 'apex';
  else if (base.endsWith(`.${zone}`)) base = base.slice(0, -zone.length - 1);
  base = base
    .replace(/^\*\./, 'wildcard.')
    .replace(/^\*$/, 'wildcard')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 56)
    .replace(/[-.]+$/, '');
  if (!NAME_PATTERN.test(base)) base = 'certificate';
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}-${index}`;
  taken.add(name);
  return name;
}

export function keyVariable(zone: string, name: string): string {
  return `AOP_KEY_${`${zone}_${name}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export function importZone(
  manifestFile: string,
  zone: string,
  zoneId: string,
  served: ServedCertificate[],
  unmapped: string[] = [],
): ImportedZone {
  const taken = new Set<string>();
  const folder = `pki/${zone}`;
  const certificates = served.flatMap((certificate): ImportedCertificate[] => {
    const der = decodePemText(certificate.pem).blocks.find((block) => block.label === 'CERTIFICATE')?.der;
    const parsed = der && inspectCertificate(der);
    if (!parsed) return [];
    const commonName =
      parsed.subjectAttributes.find((attribute) => attribute.type === COMMON_NAME)?.text ??
      dnsNamesOf(parsed)[0];
    const name = deriveName(commonName, zone, taken);
    const manifestPath = `${folder}/${name}.crt`;
    return [
      {
        name,
        cloudflareId: certificate.id,
        manifestPath,
        repoPath: manifestRelative(manifestFile, manifestPath),
        pem: certificate.pem.endsWith('\n') ? certificate.pem : `${certificate.pem}\n`,
        hostnames: [...certificate.hostnames].sort(),
        keyVariable: keyVariable(zone, name),
        subject: parsed.subject,
        issuer: parsed.issuer,
        serial: parsed.serialNumber,
        sha256: parsed.sha256,
        notAfter: parsed.notAfter,
      },
    ];
  });
  const originCa = `${folder}/origin-ca.crt`;
  return {
    zone,
    zoneId,
    originCa,
    originCaRepoPath: manifestRelative(manifestFile, originCa),
    certificates,
    unmapped,
  };
}

function zoneEntry(zone: ImportedZone): Record<string, unknown> {
  return {
    zone: zone.zone,
    'zone-id': zone.zoneId,
    'origin-ca': zone.originCa,
    ...(zone.unmapped.length > 0 ? { 'delete-replaced': false } : {}),
    certificates: zone.certificates.map((certificate) => ({
      name: certificate.name,
      certificate: certificate.manifestPath,
      'private-key': { env: certificate.keyVariable },
      hostnames: certificate.hostnames,
    })),
  };
}

/** The manifest with the zones appended (comments and order of the existing text kept). */
export function manifestWith(existing: string | undefined, zones: ImportedZone[]): string {
  const document: Document = existing ? parseDocument(existing) : new Document({ version: 1, zones: [] });
  if (!isMap(document.contents)) throw new Error('the manifest is not a mapping');
  let list = document.get('zones', true);
  if (!isSeq(list)) {
    list = document.createNode([]);
    document.set('zones', list);
  }
  const zonesNode = list as YAMLSeq;
  zonesNode.flow = false;
  for (const zone of zones) {
    const node = document.createNode(zoneEntry(zone)) as YAMLMap;
    node.commentBefore = ` Imported from Cloudflare by aop-certs. ${zone.originCa}: commit the CA that issued these certificates (Cloudflare does not hold it).`;
    // As the manifest's documentation writes them: a hostname list on one line.
    for (const certificate of (node.get('certificates', true) as unknown as YAMLSeq<YAMLMap>).items) {
      (certificate.get('hostnames', true) as unknown as YAMLSeq).flow = true;
    }
    zonesNode.add(node);
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export function importTitle(zones: ImportedZone[]): string {
  const count = zones.reduce((total, zone) => total + zone.certificates.length, 0);
  return `aop-certs: import ${zones.map((zone) => zone.zone).join(', ')} (${count} certificate${count === 1 ? '' : 's'})`;
}

export function importBody(manifest: string, zones: ImportedZone[], skipped: string[]): string {
  const sections = zones.map((zone) => {
    const rows = zone.certificates.map((certificate) => [
      escapeText(certificate.name),
      certificate.hostnames.map(code).join('<br>'),
      escapeText(certificate.subject),
      escapeText(certificate.issuer),
      code(certificate.serial),
      code(certificate.sha256),
      isoDate(certificate.notAfter),
      code(certificate.cloudflareId),
    ]);
    const issuers = [...new Set(zone.certificates.map((certificate) => certificate.issuer))];
    return [
      `### ${escapeText(zone.zone)} (${code(zone.zoneId)})`,
      table(
        ['Name', 'Hostnames', 'Subject', 'Issuer', 'Serial', 'SHA-256', 'Not after', 'Cloudflare ID'],
        rows,
      ),
      `**Before merging, commit the CA as ${code(zone.originCaRepoPath)}.** Cloudflare keeps only the client certificates, not the CA that issued them, so this pull request cannot add it. ` +
        `The certificates name ${issuers.length === 1 ? 'this issuer' : 'these issuers'}: ${issuers.map((issuer) => code(issuer)).join(', ')}. ` +
        'Put every one of them in that file (PEM, one after the other); the check on this pull request fails until it is there.',
    ].join('\n\n');
  });
  const variables = zones.flatMap((zone) =>
    zone.certificates.map((certificate) => code(certificate.keyVariable)),
  );
  return [
    `## aop-certs: import of what Cloudflare serves`,
    `Manifest ${code(manifest)} gains ${zones.length} zone${zones.length === 1 ? '' : 's'}: one entry per hostname certificate, with the PEM Cloudflare returned and the hostnames it serves now.`,
    ...sections,
    skipped.length > 0
      ? `### Not imported\n\n${skipped.map((line) => `- ${escapeText(line)}`).join('\n')}`
      : '',
    `### Keys\n\nEach entry names a private-key secret (${variables.join(', ')}) as a placeholder. A certificate already in Cloudflare needs no key until it changes: create a secret only when you replace that certificate.`,
    '### What merging does\n\nWith the CA committed, the first deploy finds every certificate already in Cloudflare and every hostname already pointed at it: it writes nothing. From then on, changes go through pull requests like any other.',
    ...zones
      .filter((zone) => zone.unmapped.length > 0)
      .map(
        (zone) =>
          `${escapeText(zone.zone)} keeps \`delete-replaced: false\`: Cloudflare holds ${zone.unmapped.map(code).join(', ')}, which serve${zone.unmapped.length === 1 ? 's' : ''} no hostname, and with \`delete-replaced\` on, deploy deletes such a certificate when your CA signed it (it is what an interrupted rotation leaves). Remove the line once ${zone.unmapped.length === 1 ? 'it' : 'they'} may go.`,
      ),
  ]
    .filter(Boolean)
    .join('\n\n');
}
