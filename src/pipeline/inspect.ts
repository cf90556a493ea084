/** The offline half every command shares: manifest → selected zones → inventory → report rows. */
import { countsAsError, type Finding } from '../findings.js';
import type { GitHub } from '../github/index.js';
import { gitBaseComparer, sameCertificates } from '../inventory/base-copy.js';
import { buildInventory, type Inventory, type InventoryOptions } from '../inventory/index.js';
import { loadManifest } from './load-manifest.js';
import { selectZones } from '../manifest/select.js';
import type { Manifest, ManifestZone } from '../manifest/types.js';
import { duplicateCertificates } from '../plan/index.js';
import { verdictOf, type CertificateRow } from '../report/model.js';
import type { Settings } from '../settings.js';

export interface Inspection {
  manifest?: Manifest;
  /** The zones this run acts on (input `zones`). */
  zones: ManifestZone[];
  /** The manifest (or the zones input) has errors: DESIGN §2 "Limits before calls", so no call. */
  manifestErrors: boolean;
  inventory: Inventory;
  rows: CertificateRow[];
  findings: Finding[];
}

/** On a PR: a certificate is changed when its file differs from the base branch's copy. */
export function changedAgainstBase(
  settings: Settings,
  github: GitHub | undefined,
): InventoryOptions['isChanged'] | undefined {
  const baseSha = settings.event.pullRequest?.baseSha;
  if (!baseSha) return undefined;
  const compareWithGit = gitBaseComparer(settings.workspace, baseSha);
  let githubAnswers = github !== undefined;
  return async (_zone, file, bytes) => {
    const fromGit = await compareWithGit(file, bytes);
    if (fromGit.known) return fromGit.changed;
    if (!github || !githubAnswers) return true;
    try {
      const text = await github.fileAtRef(file, baseSha);
      return text === undefined || !sameCertificates(bytes, Buffer.from(text));
    } catch {
      // Asked once: when GitHub cannot answer, every certificate counts as changed (DESIGN §2).
      githubAnswers = false;
      return true;
    }
  };
}

export async function inspect(
  settings: Settings,
  now: Date,
  /** How to tell changed certificates; told first whether the manifest has errors. */
  isChangedFor: (manifestErrors: boolean) => InventoryOptions['isChanged'],
): Promise<Inspection> {
  const loaded = await loadManifest(settings.workspace, settings.config);
  const findings = [...loaded.findings];
  if (!loaded.manifest) {
    const inventory = { items: [], originCas: new Map(), findings: [] };
    return { zones: [], manifestErrors: true, inventory, rows: [], findings };
  }
  const selected = selectZones(loaded.manifest, settings.zones);
  const manifestErrors = [...findings, ...selected.findings].some(countsAsError);
  const inventory = await buildInventory({
    root: settings.workspace,
    manifest: loaded.manifest,
    locate: loaded.locate,
    zones: selected.zones,
    env: settings.runner.environment,
    now,
    warnDays: settings.warnDays,
    failDays: settings.failDays,
    fromFork: settings.event.pullRequest?.fromFork ?? false,
    isChanged: isChangedFor(manifestErrors),
  });
  const rows = inventory.items.map((item): CertificateRow => ({
    zone: item.zone.zone,
    name: item.certificate.name,
    hostnames: item.certificate.hostnames,
    file: item.certificate.certificate,
    subject: item.facts?.subject,
    serial: item.facts?.serialNumber,
    sha256: item.facts?.sha256,
    notBefore: item.facts?.notBefore,
    notAfter: item.facts?.notAfter,
    daysLeft: item.facts?.daysLeft,
    verdict: verdictOf(item.findings),
  }));
  findings.push(
    ...selected.findings,
    ...inventory.findings,
    ...inventory.items.flatMap((item) => item.findings),
    ...selected.zones.flatMap((zone) =>
      duplicateCertificates(
        zone.zone,
        inventory.items
          .filter((item) => item.zone === zone)
          .map((item) => ({
            name: item.certificate.name,
            sha256: item.facts?.sha256,
            line: item.certificate.line,
          })),
        loaded.manifest!.path,
      ),
    ),
  );
  return { manifest: loaded.manifest, zones: selected.zones, manifestErrors, inventory, rows, findings };
}
