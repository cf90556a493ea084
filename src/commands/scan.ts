/**
 * `scan`: read what Cloudflare serves for every selected zone, report expiry and drift against
 * the manifest, and keep one tracking issue open while anything needs action.
 */
import type { Finding, RuleId } from '../findings.js';
import { UserError } from '../errors.js';
import { selectZones } from '../manifest/select.js';
import type { ManifestZone } from '../manifest/types.js';
import { missingZoneId } from '../manifest/zone-id.js';
import type { RunReport } from '../report/model.js';
import { expiryTimeline, todoSections, type TrackingContext } from '../report/tracking-issue.js';
import { isRestatedByScan, scanZones, type ScanResult, type ZoneScanInput } from '../scan/index.js';
import { SCAN_RULES } from '../scan/rules.js';
import type { Settings } from '../settings.js';
import type { CloudflareClient } from '../cloudflare/index.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { githubFor } from '../github/session.js';
import { inspect, type Inspection } from '../pipeline/inspect.js';
import { describeAssociationMode, readZoneRemote } from '../pipeline/remote-state.js';
import { keepTrackingIssue } from '../github/tracking-issue.js';
import { addOriginScan } from './verify-origin.js';
import { addAlertsScan } from '../pipeline/alerts.js';

const UNSEEN_RULES = new Set<RuleId>(['origin.unreachable', 'alerts.failed', 'alerts.permission']);

/** Zones read at once; the client's pacer keeps the total under Cloudflare's rate limit. */
const ZONES_AT_ONCE = 4;

async function readZone(
  client: CloudflareClient,
  inspection: Inspection,
  manifestFile: string,
  zone: ManifestZone,
  zoneId: string,
): Promise<ZoneScanInput> {
  const repo = inspection.inventory.items
    .filter((item) => item.zone === zone)
    .map((item) => ({ certificate: item.certificate, facts: item.facts }));
  const input: ZoneScanInput = { zone, manifestFile, repo };
  try {
    input.remote = await readZoneRemote(
      client,
      zoneId,
      inspection.inventory.originCas.get(zone.zone),
      zone.certificates.flatMap((certificate) => certificate.hostnames),
    );
  } catch (error) {
    input.readError = (error as Error).message;
  }
  return input;
}

async function readZones(
  client: CloudflareClient,
  inspection: Inspection,
  manifestFile: string,
  zones: ManifestZone[],
): Promise<ZoneScanInput[]> {
  const inputs: ZoneScanInput[] = [];
  for (let start = 0; start < zones.length; start += ZONES_AT_ONCE) {
    const batch = zones.slice(start, start + ZONES_AT_ONCE).map((zone) =>
      zone.zoneId
        ? readZone(client, inspection, manifestFile, zone, zone.zoneId)
        : Promise.resolve({
            zone,
            manifestFile,
            repo: inspection.inventory.items.filter((item) => item.zone === zone),
          }),
    );
    inputs.push(...(await Promise.all(batch)));
  }
  return inputs;
}

/** Check's expiry findings are restated by scan under fail-on-scan; the rest are kept as they are. */
function keptInspectionFindings(inspection: Inspection): Finding[] {
  return inspection.findings.filter((finding) => !isRestatedByScan(finding));
}

/**
 * "Nothing needs action" is believed only when nothing went unseen: every zone read from
 * Cloudflare and every repository file it depends on (origin-ca, certificates) read and evaluated.
 * A deleted or unreadable origin-ca hides whether hostnames are served by what the manifest says.
 */
function everythingRead(inspection: Inspection, zones: ManifestZone[], inputs: ZoneScanInput[]): boolean {
  const selected = new Set(zones);
  return (
    zones.every((zone) => zone.zoneId && inspection.inventory.originCas.has(zone.zone)) &&
    inputs.every((input) => input.remote) &&
    inspection.inventory.items.every((item) => !selected.has(item.zone) || item.facts !== undefined)
  );
}

/** Zones read hostname by hostname say so, with the cost, in the summary. */
function associationModeNotes(inputs: ZoneScanInput[]): string[] {
  return inputs.flatMap((input) =>
    input.remote?.associationMode === 'per-hostname'
      ? [`${input.zone.zone}: ${describeAssociationMode(input.remote)}`]
      : [],
  );
}

/**
 * What the origin gets for a hostname the scan found unserved, in a zone whose zone-level AOP is
 * off: global AOP decides. Read only for such zones (one request each), "unknown" when the token
 * may not read it.
 */
async function fallbackNotes(inputs: ZoneScanInput[], result: ScanResult): Promise<string[]> {
  const unserved = new Set(
    result.items.filter((item) => item.rule === SCAN_RULES.notServed.id).map((item) => item.zone),
  );
  const notes: string[] = [];
  for (const input of inputs) {
    if (!input.remote || !unserved.has(input.zone.zone) || input.remote.settingEnabled !== false) continue;
    const global = (await input.remote.globalSetting?.()) ?? null;
    notes.push(
      `${input.zone.zone}: its unserved hostnames get ${
        global === true
          ? "Cloudflare's global certificate (global AOP, tls_client_auth, is on), which any Cloudflare customer's traffic also presents"
          : global === false
            ? 'no client certificate at all (zone-level and global AOP are off): an origin that enforces refuses them'
            : 'an unknown fallback: the zone-level setting is off and global AOP (tls_client_auth) could not be read with this token'
      }.`,
    );
  }
  return notes;
}

function scanNotes(requests: string, result: ScanResult): string[] {
  const notes = [requests];
  if (result.othersLeftAlone > 0) {
    notes.push(
      `${result.othersLeftAlone} certificate(s) not signed by origin-ca and serving no manifest hostname were left alone.`,
    );
  }
  if (result.settingOff.length > 0) {
    notes.push(
      `The zone-level AOP setting is off in ${result.settingOff.length} zone(s) (${result.settingOff.join(', ')}): ` +
        "per-hostname AOP is documented as independent of it; a hostname without a per-hostname association gets Cloudflare's global certificate if global AOP (tls_client_auth) is on, else none. aop-certs reports it and never changes it.",
    );
  }
  return notes;
}

export async function scan(settings: Settings, now: Date): Promise<RunReport> {
  const client = await cloudflareFor(settings);
  if (!client) {
    throw new UserError(
      'scan reads Cloudflare: set "api-token" to a token with "SSL and Certificates Read" on the zones of the manifest.',
    );
  }
  try {
    const inspection = await inspect(settings, now, () => undefined);
    const kept = keptInspectionFindings(inspection);
    const report: RunReport = {
      command: 'scan',
      manifest: settings.config,
      rows: [],
      findings: kept,
      notes: [],
    };
    if (!inspection.manifest) return report;
    const zones = selectZones(inspection.manifest, settings.zones).zones;
    const inputs = await readZones(client, inspection, settings.config, zones);
    const policy = {
      now,
      warnDays: settings.warnDays,
      failDays: settings.failDays,
      deleteReplaced: settings.deleteReplaced,
    };
    const result = scanZones(inputs, policy, settings.failOnScan, kept);
    const originSection = await addOriginScan(settings, inspection, result);
    const alertsSection = await addAlertsScan(settings, inspection, result);
    const fallback = await fallbackNotes(inputs, result);
    // An origin that could not be probed or an alert policy that could not be read is unseen too:
    // an open item about it must not be closed as "all clear".
    const sideUnseen = result.findings.some((finding) => UNSEEN_RULES.has(finding.rule));
    const context: TrackingContext = {
      manifest: settings.config,
      zones: settings.zones,
      ...policy,
      runUrl: settings.runner.runUrl,
    };
    const tracking = await keepTrackingIssue(
      settings,
      await githubFor(settings),
      result.items,
      result.rows,
      context,
      everythingRead(inspection, zones, inputs) && !sideUnseen,
    );
    const zonesRead = inputs.filter((input) => input.remote).length;
    const requests = `Cloudflare: ${client.stats.requests} requests for ${zonesRead} zone(s) read (${client.stats.retries} retried).`;
    return {
      ...report,
      rows: result.rows,
      findings: [
        ...kept,
        ...zones
          .filter((zone) => !zone.zoneId)
          .map((zone) =>
            missingZoneId(settings.config, zone, 'scan cannot read what Cloudflare serves for it'),
          ),
        ...result.findings,
        ...tracking.findings,
      ],
      notes: [
        ...scanNotes(requests, result),
        ...fallback,
        ...associationModeNotes(inputs),
        ...tracking.notes,
      ],
      ...(tracking.issue
        ? { links: { issueNumber: tracking.issue.number, issueUrl: tracking.issue.url } }
        : {}),
      sections: [
        todoSections(result.items),
        expiryTimeline(result.rows, context),
        originSection,
        alertsSection,
      ].filter(Boolean),
    };
  } finally {
    await client.close();
  }
}
