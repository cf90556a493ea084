/**
 * Plans each zone: the inventory (desired) against what Cloudflare holds (remote), through the
 * pure planner. Shared by check (read-only, keys not required) and deploy.
 */
import { certificateSha256, CloudflareApiError } from '../cloudflare/index.js';
import type { Finding, RuleId } from '../findings.js';
import type { InventoryOptions } from '../inventory/index.js';
import type { ManifestZone } from '../manifest/types.js';
import { missingZoneId } from '../manifest/zone-id.js';
import { applyIgnoreLists } from '../pki/ignore.js';
import { certificateBlocks } from '../pki/certificate-file.js';
import { inspectCertificate } from '../pki/inspect.js';
import {
  blockReason,
  describeSetting,
  describeStep,
  heldCertificates,
  heldSteps,
  isReusable,
  planZone,
  zoneRemovals,
  type DesiredCertificate,
  type Gated,
  type IssuerIdentity,
  type ZoneInput,
  type ZonePlan,
} from '../plan/index.js';
import type { ZonePlanReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import type { Inspection } from './inspect.js';
import {
  describeAssociationMode,
  withOwnership,
  type RawZoneRemote,
  type ZoneRemote,
} from './remote-state.js';

export interface ZonePlanning {
  zone: ManifestZone;
  plan?: ZonePlan;
  remote?: ZoneRemote;
  /** Why the zone could not be planned, when it could not. */
  findings: Finding[];
  /** Job inputs the plan used that differ from their defaults (the zone does not set them). */
  assumed: string[];
}

/**
 * Expiry blocks what a deploy uploads (DESIGN §2): a certificate Cloudflare does not hold yet. It
 * is known before planning, from the same read the plan uses, so every certificate is inspected
 * once; one already there is never new, even when hostnames are re-pointed at it (a repair).
 */
export function notInCloudflare(
  remoteOf: (zoneId: string) => Promise<RawZoneRemote>,
): NonNullable<InventoryOptions['isChanged']> {
  return async (zone, _file, bytes) => {
    const sha256 = certificateSha256(Buffer.from(bytes).toString('latin1'));
    if (!zone.zoneId || !sha256) return true;
    // A zone Cloudflare cannot read is reported by its plan; here its certificates count as new.
    const remote = await remoteOf(zone.zoneId).catch(() => undefined);
    return !remote?.certificates.some(
      (certificate) => certificate.sha256 === sha256 && isReusable(certificate.status),
    );
  };
}

/** Who signed a leaf, from its own PEM: its issuer name and authority key identifier. */
function issuerOf(pem: string): IssuerIdentity | undefined {
  const block = certificateBlocks(new TextEncoder().encode(pem), 'origin-ca').blocks[0];
  const certificate = block && inspectCertificate(block.der);
  if (!certificate) return undefined;
  const name = Buffer.from(certificate.issuerNameDer).toString('hex');
  return { name: certificate.issuer, key: `${name}/${certificate.authorityKeyId ?? ''}` };
}

/** A zone that is not planned, and why: the plan is never computed on partial knowledge. */
function unplanned(zone: ManifestZone, finding: Finding): ZonePlanning {
  return { zone, findings: [finding], assumed: [] };
}

function zoneFinding(
  manifestPath: string,
  zone: ManifestZone,
  rule: RuleId,
  message: string,
  fix: string,
  severity: Finding['severity'] = 'error',
): Finding {
  return { severity, rule, file: manifestPath, line: zone.line, zone: zone.zone, message, fix };
}

export async function planZones(
  settings: Settings,
  inspection: Inspection,
  remoteOf: (zoneId: string, hostnames?: readonly string[]) => Promise<RawZoneRemote>,
  keysRequired: boolean,
): Promise<ZonePlanning[]> {
  const manifestPath = settings.config;
  const plannings: ZonePlanning[] = [];
  for (const zone of inspection.zones) {
    const originCa = inspection.inventory.originCas.get(zone.zone);
    const items = inspection.inventory.items.filter((item) => item.zone === zone);
    if (!zone.zoneId) {
      plannings.push(unplanned(zone, missingZoneId(manifestPath, zone, 'it cannot be planned')));
      continue;
    }
    const unreadable = items.filter((item) => !item.facts).map((item) => item.certificate.name);
    if (!originCa || unreadable.length > 0) {
      // Planning without every certificate could look like "the manifest no longer names it".
      plannings.push(
        unplanned(
          zone,
          zoneFinding(
            manifestPath,
            zone,
            'plan.incomplete',
            `Zone ${zone.zone} was not planned: ${originCa ? `${unreadable.join(', ')} could not be read` : 'its origin-ca could not be read'}.`,
            'Fix the findings on those files first.',
          ),
        ),
      );
      continue;
    }
    let remote: ZoneRemote;
    try {
      const hostnames = zone.certificates.flatMap((certificate) => certificate.hostnames);
      remote = withOwnership(await remoteOf(zone.zoneId, hostnames), originCa);
    } catch (error) {
      if (!(error instanceof CloudflareApiError)) throw error;
      // One zone Cloudflare cannot read (a wrong zone-id, a token without it) stops only that zone.
      plannings.push(
        unplanned(
          zone,
          zoneFinding(
            manifestPath,
            zone,
            'cloudflare.unreadable',
            `Zone ${zone.zone} was not planned: Cloudflare could not be read (${error.message}).`,
            'Check the zone-id and that the token can read "SSL and Certificates" on this zone.',
            keysRequired ? 'error' : 'warning',
          ),
        ),
      );
      continue;
    }
    const desired = items.map((item): DesiredCertificate => ({
      name: item.certificate.name,
      sha256: item.facts!.sha256,
      hostnames: item.certificate.hostnames,
      notAfter: item.facts!.notAfter,
      caId: item.facts!.issuingCa,
      issuer: issuerOf(item.facts!.pem),
      hasKey: item.privateKeyPem !== undefined,
      file: item.certificate.certificate,
    }));
    const removals = zoneRemovals(zone, { deleteReplaced: settings.deleteReplaced, prune: settings.prune });
    const input: ZoneInput = {
      zone: zone.zone,
      zoneId: zone.zoneId,
      caRollover: zone.caRollover,
      desired,
      remote: {
        certificates: remote.certificates.map((certificate) => ({
          ...certificate,
          issuerIdentity: certificate.certificatePem ? issuerOf(certificate.certificatePem) : undefined,
        })),
        associations: remote.associations,
        settingEnabled: remote.settingEnabled,
        associationsComplete: remote.associationMode === 'list',
      },
      options: { ...removals.options, keysRequired },
      manifestFile: manifestPath,
    };
    let plan = planZone(input);
    // Global AOP is read only when the plan's text needs it: a hostname loses its association while the zone setting is off.
    if (plan.steps.some((step) => step.kind === 'disassociate' && step.fallback === 'global-unknown')) {
      const globalEnabled = (await remote.globalSetting?.()) ?? null;
      if (globalEnabled !== null) plan = planZone({ ...input, remote: { ...input.remote, globalEnabled } });
    }
    plannings.push({
      zone,
      plan,
      remote,
      findings: applyIgnoreLists(plan.problems, [zone]),
      assumed: removals.assumed,
    });
  }
  return plannings;
}

/**
 * A plan as the reports show it, "Blocked" where deploy refuses it and "held" on the steps deploy
 * holds for the origin (the same policy in both commands), how Cloudflare's associations were
 * read, and the job inputs it assumed when they differ from the defaults.
 */
export function planReport(
  planning: ZonePlanning & { plan: ZonePlan },
  findings: Finding[],
  gated: Gated,
): ZonePlanReport {
  const { plan, remote } = planning;
  const blocked = blockReason(plan, findings, gated);
  const held = blocked ? new Map<string, string>() : heldCertificates(plan, findings, gated);
  const heldAt = heldSteps(plan, held, { uploads: true });
  return {
    zone: plan.zone,
    zoneId: plan.zoneId,
    setting: [
      describeSetting(plan.settingEnabled),
      ...(remote ? [describeAssociationMode(remote)] : []),
      ...planning.assumed,
    ].join(' '),
    ...(blocked ? { blocked } : {}),
    ...(held.size > 0 ? { held: heldSummary(held) } : {}),
    steps: plan.steps.map((step, index) => ({
      wave: step.wave,
      kind: step.kind,
      description: describeStep(step),
      ...(heldAt.has(index) ? { detail: heldAt.get(index)! } : {}),
    })),
    writes: plan.writes,
    leftInPlace: plan.untouched.map(
      (item) =>
        `${item.hostname ? `${item.hostname} → ` : ''}${item.certId}${item.owned ? '' : ' (not ours)'}: ${item.reason}`,
    ),
  };
}

/** The held certificates, one sentence each, for the zone's plan in every report. */
export function heldSummary(held: ReadonlyMap<string, string>): string[] {
  return [...held].map(
    ([name, why]) =>
      `${name} ${why.replace(/^held: /, 'is held: ')}; its hostnames stay as they are, and the rest of the zone goes ahead unless a later wave needs the slot it holds.`,
  );
}

/** What a plan does to one manifest certificate, for the "On merge" column. */
export function actionFor(plan: ZonePlan, certificate: string, blocked: boolean, held = false): string {
  const steps = plan.steps.filter((step) => 'certificate' in step && step.certificate === certificate);
  if (blocked && steps.length > 0) return 'blocked (see the plan)';
  if (held && steps.length > 0) return 'held for the origin (see the plan)';
  if (steps.some((step) => step.kind === 'upload')) return 'upload, then associate';
  const associate = steps.find((step) => step.kind === 'associate');
  if (associate && associate.kind === 'associate') return `point ${associate.hostnames.join(', ')} at it`;
  return 'no change';
}
