/** The offline half every command shares: manifest → selected zones → inventory → report rows. */
import type { Finding } from '../findings.js';
import type { GitHub } from '../github/index.js';
import { gitBaseCopy, type BaseCopyReader } from '../inventory/base-copy.js';
import { buildInventory, type Inventory } from '../inventory/index.js';
import { loadManifest } from '../manifest/load.js';
import { selectZones } from '../manifest/select.js';
import type { Manifest } from '../manifest/types.js';
import { verdictOf, type CertificateRow } from '../report/model.js';
import type { Settings } from '../settings.js';

export interface Inspection {
  manifest?: Manifest;
  inventory: Inventory;
  rows: CertificateRow[];
  findings: Finding[];
}

function settingsFindings(settings: Settings): Finding[] {
  return settings.warnings.map((message) => ({ severity: 'warning', rule: 'settings.auth', message }));
}

function baseCopyReader(settings: Settings, github: GitHub | undefined): BaseCopyReader | undefined {
  const baseSha = settings.event.pullRequest?.baseSha;
  if (!baseSha) return undefined;
  let githubAnswers = github !== undefined;
  return async (file) => {
    const fromGit = await gitBaseCopy(settings.workspace, baseSha, file);
    if (fromGit.known || !github || !githubAnswers) return fromGit;
    try {
      const text = await github.fileAtRef(file, baseSha);
      return { known: true, bytes: text === undefined ? undefined : Buffer.from(text) };
    } catch {
      // Asked once: when GitHub cannot answer, every certificate counts as changed (DESIGN §2).
      githubAnswers = false;
      return { known: false };
    }
  };
}

export async function inspect(settings: Settings, now: Date, github?: GitHub): Promise<Inspection> {
  const loaded = await loadManifest(settings.workspace, settings.config);
  const findings = [...settingsFindings(settings), ...loaded.findings];
  if (!loaded.manifest) return { inventory: { items: [], findings: [] }, rows: [], findings };
  const selected = selectZones(loaded.manifest, settings.zones);
  const inventory = await buildInventory({
    root: settings.workspace,
    manifest: loaded.manifest,
    locate: loaded.locate,
    zones: selected.zones,
    env: process.env,
    now,
    warnDays: settings.warnDays,
    failDays: settings.failDays,
    fromFork: settings.event.pullRequest?.fromFork ?? false,
    baseCopy: baseCopyReader(settings, github),
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
  );
  return { manifest: loaded.manifest, inventory, rows, findings };
}
