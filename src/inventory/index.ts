/**
 * The inventory stage: reads every file the manifest names (safely), resolves keys, and runs the
 * offline pki checks on each certificate. Its output is plain data for the plan and the report.
 */
import path from 'node:path';
import type { Finding } from '../findings.js';
import { readRepoFileSync } from '../files/repo-file.js';
import type { Locate } from '../manifest/schema-errors.js';
import type { Manifest, ManifestCertificate, ManifestZone } from '../manifest/types.js';
import { checkCertificate, decodeCaBundle, type CertificateFacts, type FileInput } from '../pki/index.js';
import { maskSecret } from '../secrets.js';
import { checkExtensionFile, ExtFileCache } from './extensions.js';
import { resolveKey } from './key-source.js';
import { scanForKeys } from './secret-scan.js';

export interface InventoryOptions {
  root: string;
  manifest: Manifest;
  locate: Locate;
  zones: ManifestZone[];
  env: NodeJS.ProcessEnv;
  now: Date;
  warnDays: number;
  failDays: number;
  fromFork: boolean;
  /**
   * Whether this change adds or replaces a certificate, so that its expiry blocks:
   * on a PR against the base branch's copy, on deploy against what Cloudflare holds. Default: yes.
   * Asked only for a certificate whose expiry depends on the answer.
   */
  isChanged?: (zone: ManifestZone, file: string, bytes: Uint8Array) => Promise<boolean>;
}

export interface InventoryItem {
  zone: ManifestZone;
  certificate: ManifestCertificate;
  facts?: CertificateFacts;
  /** Decrypted key (masked), present only when a valid key was given. */
  privateKeyPem?: string;
  findings: Finding[];
}

export interface Inventory {
  items: InventoryItem[];
  /** Each selected zone's origin-ca file, by zone name (absent when it could not be read). */
  originCas: Map<string, FileInput>;
  /** Findings not about one certificate: files the zone shares, keys found in the tree. */
  findings: Finding[];
}

function locateIn(
  options: InventoryOptions,
  zone: ManifestZone,
  ...rest: (string | number)[]
): number | undefined {
  const zoneIndex = options.manifest.zones.indexOf(zone);
  return options.locate(['zones', zoneIndex, ...rest]);
}

function fileFinding(options: InventoryOptions, zone: ManifestZone, keyPath: (string | number)[]) {
  return (file: string, detail: string): Finding => ({
    severity: 'error',
    rule: 'manifest.file',
    file: options.manifest.path,
    line: locateIn(options, zone, ...keyPath),
    zone: zone.zone,
    message: `${file} cannot be used: ${detail}.`,
    fix: 'Point the manifest at a regular file inside the repository.',
  });
}

async function inspectItem(
  options: InventoryOptions,
  extFiles: ExtFileCache,
  zone: ManifestZone,
  originCa: FileInput,
  certificate: ManifestCertificate,
): Promise<InventoryItem> {
  const { isChanged } = options;
  const certIndex = zone.certificates.indexOf(certificate);
  const keyPath = ['certificates', certIndex];
  const item: InventoryItem = { zone, certificate, findings: [] };
  const read = readRepoFileSync(options.root, certificate.certificate);
  if (!read.ok) {
    item.findings.push({
      ...fileFinding(options, zone, [...keyPath, 'certificate'])(certificate.certificate, read.detail),
      certificate: certificate.name,
    });
    return item;
  }
  const key = await resolveKey(
    options.root,
    certificate,
    options.env,
    options.fromFork,
    fileFinding(options, zone, [...keyPath, 'private-key']),
  );
  const check = await checkCertificate({
    zone: zone.zone,
    name: certificate.name,
    certificate: { path: certificate.certificate, bytes: read.bytes },
    originCa,
    hostnames: certificate.hostnames,
    key: key.key,
    ignore: certificate.ignore,
    now: options.now,
    warnDays: options.warnDays,
    failDays: options.failDays,
    // Asked only when the certificate's expiry depends on it: most never ask.
    changed: isChanged ? () => isChanged(zone, certificate.certificate, read.bytes) : true,
    manifestEntry: { file: options.manifest.path, line: certificate.line },
  });
  if (check.privateKeyPem) maskSecret(check.privateKeyPem);
  item.facts = check.facts;
  item.privateKeyPem = check.privateKeyPem;
  item.findings.push(...key.findings);
  if (!certificate.extensions) item.findings.push(...check.findings);
  else {
    item.findings.push(
      ...(await checkExtensionFile(
        extFiles,
        certificate,
        zone,
        // With a CA in the leaf's place, comparing it with the extension file would only pile on.
        check.rootCause ? { findings: [] } : check,
        (file, detail) => ({
          ...fileFinding(options, zone, [...keyPath, 'extensions'])(file, detail),
          certificate: certificate.name,
        }),
        check.findings,
      )),
    );
  }
  return item;
}

export async function buildInventory(options: InventoryOptions): Promise<Inventory> {
  const items: InventoryItem[] = [];
  const findings: Finding[] = [];
  const originCas = new Map<string, FileInput>();
  const reportedCas = new Set<string>();
  const extFiles = new ExtFileCache(options.root);
  for (const zone of options.zones) {
    const ca = readRepoFileSync(options.root, zone.originCa);
    if (!ca.ok) {
      findings.push(fileFinding(options, zone, ['origin-ca'])(zone.originCa, ca.detail));
      continue;
    }
    const originCa = { path: zone.originCa, bytes: ca.bytes };
    originCas.set(zone.zone, originCa);
    // Zones that share an origin-ca file share its findings: reported once, at the file.
    if (!reportedCas.has(zone.originCa)) findings.push(...decodeCaBundle(originCa).findings);
    reportedCas.add(zone.originCa);
    for (const certificate of zone.certificates)
      items.push(await inspectItem(options, extFiles, zone, originCa, certificate));
  }
  findings.push(...(await scanForKeys(scanScope(options.manifest, options.root))));
  return { items, originCas, findings };
}

function scanScope(manifest: Manifest, root: string) {
  const folders: string[] = [];
  const judgedElsewhere = new Set<string>();
  const add = (file: string) => folders.push(path.posix.dirname(file));
  for (const zone of manifest.zones) {
    add(zone.originCa);
    for (const certificate of zone.certificates) {
      add(certificate.certificate);
      judgedElsewhere.add(certificate.certificate);
      if (certificate.extensions) add(certificate.extensions);
      if (certificate.privateKey && 'file' in certificate.privateKey) {
        add(certificate.privateKey.file);
        judgedElsewhere.add(certificate.privateKey.file);
      }
    }
  }
  return { root, folders, judgedElsewhere };
}
