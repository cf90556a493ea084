/**
 * Certificates Cloudflare holds that are none of the repository's, when they matter to it: owned
 * ones (orphans) and others' that serve a manifest hostname. Others' serving nothing of ours are
 * only counted.
 */
import { isTimedOut } from '../plan/statuses.js';
import { daysLeft } from '../pki/inspect.js';
import { isoDate } from '../dates.js';
import { LEFTOVER_ACTION, REDEPLOY_ACTION, removeAction, timedOutFix } from './actions.js';
import { hostnamesHolding, indexAssociations } from './associations.js';
import { expiresOn, expiryItem } from './expiry.js';
import { remoteFacts } from './remote-facts.js';
import { SCAN_RULES } from './rules.js';
import type {
  RemoteCertificate,
  ScanItem,
  ScannedRow,
  ScanPolicy,
  ZoneScan,
  ZoneScanInput,
} from './types.js';

/** A certificate Cloudflare holds that is none of the repository's, and matters to it. */
export function otherCertificateScan(
  input: ZoneScanInput,
  certificate: RemoteCertificate,
  policy: ScanPolicy,
): ZoneScan {
  const { zone } = input;
  const associations = indexAssociations(input.remote?.associations ?? []);
  const serving = hostnamesHolding(associations, certificate.id);
  const manifestHostnames = new Set(
    zone.certificates.flatMap((entry) => entry.hostnames.map((name) => name.toLowerCase())),
  );
  const servesManifest = serving.some((hostname) => manifestHostnames.has(hostname));
  if (!certificate.owned && !servesManifest) return { items: [], rows: [], othersLeftAlone: 1 };
  const facts = remoteFacts(certificate.certificatePem);
  const notAfter = expiresOn(certificate.expiresOn) ?? facts?.notAfter;
  const kind = certificate.owned ? 'orphan' : 'foreign';
  const label = `Certificate ${certificate.id} (${certificate.owned ? 'signed by origin-ca, not in the manifest' : 'not signed by origin-ca'})`;
  const base = { zone: zone.zone, certId: certificate.id, file: input.manifestFile, line: zone.line };
  const items: ScanItem[] = [];
  if (isTimedOut(certificate.status)) {
    items.push({
      ...base,
      rule: SCAN_RULES.timedOut.id,
      level: 'critical',
      ...timedOutFix(certificate.status, { todo: 'remove', action: removeAction(certificate.id, serving) }),
      hostnames: serving,
      message: `${label} is stuck in ${certificate.status}.`,
    });
  } else if (!servesManifest) {
    // Serving manifest hostnames makes it drift, which re-running deploy fixes (and deletes it).
    const expired = notAfter && notAfter <= policy.now ? ` It expired on ${isoDate(notAfter)}.` : '';
    // What deploy does with it: an owned certificate no hostname holds is a leftover it deletes.
    const deployDeletes =
      certificate.owned && serving.length === 0 && (zone.deleteReplaced ?? policy.deleteReplaced ?? true);
    items.push({
      ...base,
      rule: SCAN_RULES.orphan.id,
      level: 'warning',
      todo: deployDeletes ? 'redeploy' : 'remove',
      action: deployDeletes ? LEFTOVER_ACTION : removeAction(certificate.id, serving),
      hostnames: serving,
      message: `${label}: nothing in the manifest names it${serving.length > 0 ? `, yet it serves ${serving.join(', ')}` : ''}.${expired}`,
    });
  }
  if (notAfter && serving.length > 0) {
    const due = expiryItem(
      {
        label,
        notAfter,
        serving,
        base: {
          ...base,
          todo: servesManifest ? 'redeploy' : 'remove',
          action: servesManifest ? REDEPLOY_ACTION : removeAction(certificate.id, serving),
        },
      },
      policy,
    );
    if (due) items.push(due);
  }
  const row: ScannedRow = {
    zone: zone.zone,
    name: `(${kind} ${certificate.id.slice(0, 8)})`,
    hostnames: serving,
    file: '',
    subject: facts?.subject,
    serial: facts?.serial,
    sha256: certificate.sha256,
    notBefore: facts?.notBefore,
    notAfter,
    daysLeft: notAfter ? daysLeft(notAfter, policy.now) : undefined,
    id: certificate.id,
    status: certificate.status,
  };
  return { items, rows: [row], othersLeftAlone: 0 };
}
