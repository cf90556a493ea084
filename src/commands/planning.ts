/**
 * Plans each zone: the inventory (desired) against what Cloudflare holds (remote), through the
 * pure planner. Shared by check (read-only, keys not required) and deploy.
 */
import { CloudflareApiError } from '../cloudflare/index.js';
import type { Finding } from '../findings.js';
import type { ManifestZone } from '../manifest/types.js';
import { missingZoneId } from '../manifest/zone-id.js';
import { certificateNames } from '../pki/ownership.js';
import {
  describeSetting,
  describeStep,
  planZone,
  type DesiredCertificate,
  type ZonePlan,
} from '../plan/index.js';
import type { ZonePlanReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import type { Inspection } from './inspect.js';
import { withOwnership, type RawZoneRemote, type ZoneRemote } from './remote-state.js';

export interface ZonePlanning {
  zone: ManifestZone;
  plan?: ZonePlan;
  remote?: ZoneRemote;
  /** Why the zone could not be planned, when it could not. */
  findings: Finding[];
}

/** A zone that is not planned, and why: the plan is never computed on partial knowledge. */
function unplanned(zone: ManifestZone, finding: Finding): ZonePlanning {
  return { zone, findings: [finding] };
}

function zoneFinding(
  manifestPath: string,
  zone: ManifestZone,
  rule: string,
  message: string,
  fix: string,
  severity: Finding['severity'] = 'error',
): Finding {
  return { severity, rule, file: manifestPath, line: zone.line, zone: zone.zone, message, fix };
}

export async function planZones(
  settings: Settings,
  inspection: Inspection,
  remoteOf: (zoneId: string) => Promise<RawZoneRemote>,
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
      remote = withOwnership(await remoteOf(zone.zoneId), originCa);
    } catch (error) {
      if (!(error instanceof CloudflareApiError)) throw error;
      // One zone Cloudflare cannot read (a wrong zone-id, a token without it) stops only that zone.
      plannings.push(
        unplanned(
          zone,
          zoneFinding(
            manifestPath,
            zone,
            'plan.unavailable',
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
      hasKey: item.privateKeyPem !== undefined,
      file: item.certificate.certificate,
    }));
    const plan = planZone({
      zone: zone.zone,
      zoneId: zone.zoneId,
      caRollover: zone.caRollover,
      desired,
      remote: {
        certificates: remote.certificates.map((certificate) => ({
          id: certificate.id,
          status: certificate.status,
          sha256: certificate.sha256,
          owned: certificate.owned,
          caId: certificate.caId,
          names: certificate.certificatePem ? certificateNames(certificate.certificatePem) : undefined,
          expiresOn: certificate.expiresOn ? new Date(certificate.expiresOn) : undefined,
        })),
        associations: remote.associations,
        settingEnabled: remote.settingEnabled,
      },
      options: { deleteReplaced: settings.deleteReplaced, prune: settings.prune, keysRequired },
      manifestFile: manifestPath,
    });
    plannings.push({ zone, plan, remote, findings: plan.problems });
  }
  return plannings;
}

export function planReport(plan: ZonePlan): ZonePlanReport {
  return {
    zone: plan.zone,
    zoneId: plan.zoneId,
    setting: describeSetting(plan.settingEnabled),
    steps: plan.steps.map((step) => ({ wave: step.wave, kind: step.kind, description: describeStep(step) })),
    writes: plan.writes,
    leftInPlace: plan.untouched.map(
      (item) =>
        `${item.hostname ? `${item.hostname} → ` : ''}${item.certId}${item.owned ? '' : ' (not ours)'}: ${item.reason}`,
    ),
  };
}

/** What a plan does to one manifest certificate, for the "On merge" column. */
export function actionFor(plan: ZonePlan, certificate: string): string {
  const steps = plan.steps.filter((step) => 'certificate' in step && step.certificate === certificate);
  if (steps.some((step) => step.kind === 'upload')) return 'upload, then associate';
  const associate = steps.find((step) => step.kind === 'associate');
  if (associate && associate.kind === 'associate') return `point ${associate.hostnames.join(', ')} at it`;
  return 'no change';
}
