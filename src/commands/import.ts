/**
 * `import`: adopts what Cloudflare already serves in the zones of `import-zone-ids`, as one pull
 * request adding them to the manifest (certificates as Cloudflare returns them, hostnames as
 * they are served), so that the first deploy after the merge writes nothing.
 */
import { CloudflareApiError, type CloudflareClient } from '../cloudflare/index.js';
import { UserError } from '../errors.js';
import { countsAsError, type Finding } from '../findings.js';
import { readRepoFile } from '../files/repo-file.js';
import {
  importBody,
  importTitle,
  importZone,
  manifestWith,
  parseZoneTarget,
  type ImportedZone,
  type ServedCertificate,
} from '../import/entries.js';
import { parseManifest } from '../manifest/parse.js';
import { escapeText } from '../report/markdown.js';
import type { RunReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { proposalBranch, proposalMarker, proposalsFor } from '../github/proposal-session.js';
import { fetchZoneRemote } from '../pipeline/remote-state.js';
import { indexAssociations } from '../plan/remote-state.js';
import { isReusable } from '../plan/statuses.js';

function zoneFinding(settings: Settings, message: string, fix: string): Finding {
  return { severity: 'error', rule: 'import.zone', file: settings.config, message, fix };
}

async function zoneName(client: CloudflareClient, id: string): Promise<string | Finding> {
  try {
    return (await client.getZone(id)).name;
  } catch (error) {
    if (!(error instanceof CloudflareApiError)) throw error;
    return {
      severity: 'error',
      rule: 'import.zone',
      message: `Cloudflare did not give the name of zone ${id} (${error.status ? `HTTP ${error.status}` : error.kind}): the token may not read zones.`,
      fix: `Write the entry of import-zone-ids as \`example.com=${id}\`, or give the token "Zone Read".`,
    };
  }
}

async function servedIn(
  client: CloudflareClient,
  zoneId: string,
  skipped: string[],
  zone: string,
): Promise<{ served: ServedCertificate[]; unmapped: string[] }> {
  const remote = await fetchZoneRemote(client, zoneId);
  const index = indexAssociations(remote.associations);
  const served: ServedCertificate[] = [];
  const unmapped: string[] = [];
  for (const certificate of remote.certificates) {
    if (!isReusable(certificate.status)) continue;
    // Hostnames pointed at it and enabled, read by meaning (a voided or history row maps nothing).
    const hostnames = index
      .hostnamesHolding(certificate.id)
      .filter((hostname) =>
        index.rowsOf(hostname).some((row) => row.certId === certificate.id && row.enabled === true),
      );
    if (!certificate.certificatePem)
      skipped.push(`${zone}: certificate ${certificate.id}: Cloudflare returned no PEM for it.`);
    else if (hostnames.length === 0) {
      unmapped.push(certificate.id);
      skipped.push(
        `${zone}: certificate ${certificate.id} serves no hostname, so the manifest has nothing to map it to; the zone keeps \`delete-replaced: false\` so that deploy does not delete it.`,
      );
    } else served.push({ id: certificate.id, pem: certificate.certificatePem, hostnames });
  }
  return { served, unmapped };
}

export async function importZones(settings: Settings, _now: Date): Promise<RunReport> {
  const report: RunReport = {
    command: 'import',
    manifest: settings.config,
    rows: [],
    findings: [],
    notes: [],
  };
  if (settings.importZoneIds.length === 0) {
    throw new UserError(
      'import needs input "import-zone-ids": the zone IDs to adopt (or `name=id` pairs), comma-separated.',
    );
  }
  const client = await cloudflareFor(settings);
  if (!client) {
    throw new UserError(
      'import reads Cloudflare: set "api-token" to a token with "SSL and Certificates Read" on those zones.',
    );
  }
  const read = await readRepoFile(settings.workspace, settings.config);
  if (!read.ok && read.problem !== 'missing') {
    // A manifest that is there but cannot be read safely is never replaced by one of ours.
    report.findings.push({
      severity: 'error',
      rule: 'manifest.file',
      file: settings.config,
      message: `The manifest ${settings.config} cannot be read: ${read.detail}. Nothing was imported, so none of its zones is lost.`,
      fix: 'Make the manifest a regular file inside the repository (no symbolic link, at most 1 MiB), then run import again.',
    });
    return report;
  }
  const existingText = read.ok ? read.bytes.toString('utf8') : undefined;
  const existing =
    existingText === undefined ? undefined : await parseManifest(settings.config, existingText);
  if (existing && !existing.manifest) {
    report.findings.push(...existing.findings);
    report.notes.push('The manifest has errors, so nothing was imported into it: fix it first.');
    return report;
  }
  const zones: ImportedZone[] = [];
  const skipped: string[] = [];
  try {
    for (const entry of settings.importZoneIds) {
      const target = parseZoneTarget(entry);
      if (!target) {
        report.findings.push(
          zoneFinding(
            settings,
            `Input "import-zone-ids" has "${entry.slice(0, 80)}", which is neither a zone ID nor name=id.`,
            'Write a 32-character zone ID, or `example.com=<zone ID>`.',
          ),
        );
        continue;
      }
      const name = target.name ?? (await zoneName(client, target.id));
      if (typeof name !== 'string') {
        report.findings.push({ ...name, file: settings.config });
        continue;
      }
      const known = existing?.manifest?.zones.find((zone) => zone.zone === name || zone.zoneId === target.id);
      if (known || zones.some((zone) => zone.zone === name)) {
        report.findings.push(
          zoneFinding(
            settings,
            `Zone ${name} (${target.id}) is already in the manifest, so it was not imported again.`,
            'Remove it from import-zone-ids.',
          ),
        );
        continue;
      }
      let read: { served: ServedCertificate[]; unmapped: string[] };
      try {
        read = await servedIn(client, target.id, skipped, name);
      } catch (error) {
        if (!(error instanceof CloudflareApiError)) throw error;
        report.findings.push(
          zoneFinding(
            settings,
            `Zone ${name} (${target.id}) could not be read: ${error.message}`,
            'Check the zone ID and that the token can read "SSL and Certificates" on it.',
          ),
        );
        continue;
      }
      const imported = importZone(settings.config, name, target.id, read.served, read.unmapped);
      if (imported.certificates.length === 0) {
        report.notes.push(`Zone ${name} serves no hostname certificate: nothing to import.`);
        continue;
      }
      zones.push(imported);
    }
  } finally {
    await client.close();
  }
  report.findings.push(
    ...skipped.map((message): Finding => ({
      severity: 'warning',
      rule: 'import.skipped',
      file: settings.config,
      message,
      fix: 'Nothing to do, unless it should serve a hostname: then add it to the manifest by hand.',
    })),
  );
  report.rows = zones.flatMap((zone) =>
    zone.certificates.map((certificate) => ({
      zone: zone.zone,
      name: certificate.name,
      hostnames: certificate.hostnames,
      file: certificate.repoPath,
      subject: certificate.subject,
      serial: certificate.serial,
      sha256: certificate.sha256,
      notAfter: certificate.notAfter,
      id: certificate.cloudflareId,
      verdict: 'ok' as const,
      action: 'imported',
    })),
  );
  if (zones.length === 0 || report.findings.some(countsAsError)) {
    if (zones.length === 0) report.notes.push('Nothing was imported, so no pull request was opened.');
    else
      report.notes.push(
        'Some zones could not be imported: fix the errors and run import again (no pull request was opened).',
      );
    return report;
  }
  const marker = proposalMarker('import', settings.config);
  const title = importTitle(zones);
  const body = `${importBody(settings.config, zones, skipped)}\n\n${marker}`;
  const files: Record<string, string> = { [settings.config]: manifestWith(existingText, zones) };
  for (const zone of zones)
    for (const certificate of zone.certificates) files[certificate.repoPath] = certificate.pem;
  report.sections = [`### Import pull request\n\n**${escapeText(title)}**\n\n${body}`];
  if (settings.dryRun) {
    report.notes.push('dry-run: the import pull request was not opened.');
    return report;
  }
  const branch = proposalBranch('import', settings.config);
  const result = await proposalsFor(settings, 'import').propose({
    branch,
    title,
    body,
    commitMessage: title,
    files,
  });
  report.pullRequest = { number: result.number, url: result.url, action: result.action };
  report.notes.push(
    `Import pull request #${result.number} ${result.action === 'created' ? 'opened' : 'updated in place'} on branch ${branch}: ${result.url}`,
  );
  return report;
}
