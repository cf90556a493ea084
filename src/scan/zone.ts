/**
 * One zone's scan: the manifest's certificates (expiry, whether their hostnames are served by
 * them) and what else Cloudflare holds that matters (orphans, foreign certificates serving
 * manifest hostnames, stuck statuses, the zone setting).
 */
import { isBeingDeleted, isTimedOut } from '../plan/statuses.js';
import { REDEPLOY_ACTION, renewAction, timedOutFix, ZONE_ACCESS_ACTION } from './actions.js';
import { hostnamesHolding, indexAssociations } from './associations.js';
import { expiryItem } from './expiry.js';
import { hostnameItems } from './hostnames.js';
import { otherCertificateScan } from './other-certificates.js';
import { SCAN_RULES } from './rules.js';
import type {
  RemoteCertificate,
  RepoCertificate,
  ScanItem,
  ScannedRow,
  ScanPolicy,
  ZoneRemote,
  ZoneScan,
  ZoneScanInput,
} from './types.js';

/** The zone-level AOP setting is reported, never changed (api reference §3: unclear whether still needed). */
export function settingIsOff(input: ZoneScanInput): boolean {
  return input.remote?.settingEnabled === false;
}

/** The copy Cloudflare serves of a repository certificate: an active one first. */
function deployedCopy(
  remote: ZoneRemote | undefined,
  sha256: string | undefined,
): RemoteCertificate | undefined {
  if (!remote || !sha256) return undefined;
  const copies = remote.certificates.filter(
    (certificate) => certificate.sha256 === sha256 && !isBeingDeleted(certificate.status),
  );
  return copies.find((certificate) => certificate.status === 'active') ?? copies[0];
}

function repoItems(input: ZoneScanInput, repo: RepoCertificate, policy: ScanPolicy): ScanItem[] {
  const { zone, remote } = input;
  const { certificate, facts } = repo;
  const items: ScanItem[] = [];
  const copy = deployedCopy(remote, facts?.sha256);
  const associations = indexAssociations(remote?.associations ?? []);
  if (facts) {
    const due = expiryItem(
      {
        label: 'The certificate',
        notAfter: facts.notAfter,
        serving: copy ? hostnamesHolding(associations, copy.id) : [],
        base: {
          zone: zone.zone,
          certificate: certificate.name,
          certId: copy?.id,
          todo: 'renew',
          action: renewAction(zone, certificate),
          file: certificate.certificate,
        },
      },
      policy,
    );
    if (due) items.push(due);
  }
  if (remote) {
    items.push(
      ...hostnameItems({
        zone,
        manifestFile: input.manifestFile,
        certificate,
        sha256: facts?.sha256,
        associations,
        certificates: remote.certificates,
      }),
    );
  }
  return items;
}

function repoRow(input: ZoneScanInput, repo: RepoCertificate): ScannedRow {
  const { facts, certificate } = repo;
  const copy = deployedCopy(input.remote, facts?.sha256);
  return {
    zone: input.zone.zone,
    name: certificate.name,
    hostnames: certificate.hostnames,
    file: certificate.certificate,
    subject: facts?.subject,
    serial: facts?.serialNumber,
    sha256: facts?.sha256,
    notBefore: facts?.notBefore,
    notAfter: facts?.notAfter,
    daysLeft: facts?.daysLeft,
    id: copy?.id,
    status: copy?.status,
  };
}

/** Repository certificates stuck in Cloudflare (a timed-out upload of the same leaf). */
function stuckCopies(input: ZoneScanInput, repo: RepoCertificate): ScanItem[] {
  const sha256 = repo.facts?.sha256;
  if (!input.remote || !sha256) return [];
  return input.remote.certificates
    .filter((certificate) => certificate.sha256 === sha256 && isTimedOut(certificate.status))
    .map((certificate) => ({
      rule: SCAN_RULES.timedOut.id,
      level: 'critical',
      ...timedOutFix(certificate.status, { todo: 'redeploy', action: REDEPLOY_ACTION }),
      zone: input.zone.zone,
      certificate: repo.certificate.name,
      certId: certificate.id,
      hostnames: [],
      file: input.manifestFile,
      line: repo.certificate.line,
      message: `Cloudflare's copy ${certificate.id} of ${input.zone.zone}/${repo.certificate.name} is stuck in ${certificate.status}.`,
    }));
}

export function scanZone(input: ZoneScanInput, policy: ScanPolicy): ZoneScan {
  const scan: ZoneScan = { items: [], rows: [], othersLeftAlone: 0 };
  for (const repo of input.repo) {
    scan.items.push(...repoItems(input, repo, policy), ...stuckCopies(input, repo));
    scan.rows.push(repoRow(input, repo));
  }
  const repoShas = new Set(input.repo.map((repo) => repo.facts?.sha256).filter(Boolean));
  const others = (input.remote?.certificates ?? []).filter(
    (certificate) =>
      !isBeingDeleted(certificate.status) && !(certificate.sha256 && repoShas.has(certificate.sha256)),
  );
  for (const certificate of others) {
    const other = otherCertificateScan(input, certificate, policy);
    scan.items.push(...other.items);
    scan.rows.push(...other.rows);
    scan.othersLeftAlone += other.othersLeftAlone;
  }
  if (input.readError) scan.items.push(unreadableZoneItem(input, input.readError));
  return scan;
}

/** The zone could not be read: nothing about it can be vouched for. */
function unreadableZoneItem(input: ZoneScanInput, reason: string): ScanItem {
  return {
    rule: 'cloudflare.unreadable',
    level: 'critical',
    todo: 'investigate',
    action: ZONE_ACCESS_ACTION,
    zone: input.zone.zone,
    hostnames: [],
    file: input.manifestFile,
    line: input.zone.line,
    message: `The state of ${input.zone.zone} could not be read from Cloudflare: ${reason}`,
  };
}
