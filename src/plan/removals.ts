/** What happens to everything in the zone that no manifest certificate ends up as: delete, void, or leave. */
import { hostnamesHolding, normalizeHostname, type RemoteState } from './remote-state.js';
import { isBeingDeleted } from './statuses.js';
import type { Target } from './targets.js';
import type { DeleteReason, LeftInPlace, PlanOptions } from './types.js';

export interface Deletion {
  id: string;
  reason: DeleteReason;
  /** The manifest certificates that take over its hostnames (for `failed-upload`: the one uploaded again). */
  replacedBy: string[];
  /** Its associations with hostnames the manifest does not list, voided (prune) before it is deleted. */
  voided: string[];
  /** Serves nothing and the manifest no longer names it (an earlier rotation's remains): may go first. */
  leftover?: boolean;
}

export interface Removals {
  /** Timed-out earlier uploads of a certificate uploaded again: deleted before any upload. */
  failedCopies: Deletion[];
  /** Certificates whose hostnames this plan re-points; deleted once their successors serve. */
  replaced: Deletion[];
  /** Certificates the manifest no longer names and this plan does not re-point (prune). */
  pruned: Deletion[];
  /** Stray associations on certificates that stay (a manifest certificate's), voided by prune. */
  voidedOnKept: { certId: string; hostnames: string[] }[];
  untouched: LeftInPlace[];
}

export function planRemovals(targets: Target[], state: RemoteState, options: PlanOptions): Removals {
  const targetIds = new Set(targets.flatMap((target) => (target.existing ? [target.existing.id] : [])));
  const manifestHostnames = new Set(
    targets.flatMap((target) => target.desired.hostnames.map(normalizeHostname)),
  );
  const movedTo = movesByCertificate(targets);
  const removals: Removals = { failedCopies: [], replaced: [], pruned: [], voidedOnKept: [], untouched: [] };

  const failedCopyIds = new Set<string>();
  for (const target of targets) {
    for (const copy of target.failedCopies) {
      failedCopyIds.add(copy.id);
      if (hostnamesHolding(state, copy.id).length === 0) {
        removals.failedCopies.push({
          id: copy.id,
          reason: 'failed-upload',
          replacedBy: [target.desired.name],
          voided: [],
        });
      }
    }
  }

  for (const certificate of state.certificates.values()) {
    if (failedCopyIds.has(certificate.id) || isBeingDeleted(certificate.status)) continue;
    const isTarget = targetIds.has(certificate.id);
    const former =
      movedTo.has(certificate.id) || isTarget ? undefined : leftoverOf(certificate, targets, state);
    const moved = movedTo.get(certificate.id) ?? former;
    const usage: Usage = {
      strays: hostnamesHolding(state, certificate.id).filter((hostname) => !manifestHostnames.has(hostname)),
      movedAway: moved?.hostnames ?? [],
      successors: moved ? [...moved.certificates] : [],
    };
    if (isTarget) {
      if (certificate.owned) keepTarget(certificate.id, usage.strays, options, removals);
    } else if (certificate.owned) {
      retireOwned(certificate.id, usage, options, removals, former !== undefined, state.associationsComplete);
    } else {
      removals.untouched.push({ certId: certificate.id, owned: false, reason: unownedReason(usage) });
    }
  }
  return removals;
}

/** How a certificate is used once the plan's associations are made. */
interface Usage {
  /** Hostnames the manifest does not list that still hold it. */
  strays: string[];
  /** Manifest hostnames this plan moves off it, and the manifest certificates they move to. */
  movedAway: string[];
  successors: string[];
}

/** A manifest certificate stays; prune voids its associations with hostnames the manifest does not list. */
function keepTarget(certId: string, strays: string[], options: PlanOptions, removals: Removals): void {
  if (options.prune) {
    if (strays.length > 0) removals.voidedOnKept.push({ certId, hostnames: strays });
    return;
  }
  for (const hostname of strays) {
    removals.untouched.push({
      certId,
      hostname,
      owned: true,
      reason: `${hostname} is not in the manifest; its association is kept because prune is off.`,
    });
  }
}

/** An owned certificate no manifest certificate is: deleted only when nothing would still use it. */
function retireOwned(
  certId: string,
  usage: Usage,
  options: PlanOptions,
  removals: Removals,
  leftover: boolean,
  associationsComplete: boolean,
): void {
  const { strays, successors } = usage;
  const voided = options.prune ? strays : [];
  const left = (reason: string) => removals.untouched.push({ certId, owned: true, reason });
  const flag = leftover ? { leftover } : {};
  if (voided.length < strays.length) {
    const replaced = successors.length > 0 ? `Replaced by ${successors.join(', ')}, but s` : 'S';
    left(`${replaced}till used by ${strays.join(', ')} (not in the manifest); kept because prune is off.`);
  } else if (successors.length > 0 && (options.deleteReplaced || options.prune)) {
    // With delete-replaced off, prune still deletes it: the manifest names it no more.
    const reason = options.deleteReplaced ? 'replaced' : 'pruned';
    removals.replaced.push({ id: certId, reason, replacedBy: successors, voided, ...flag });
  } else if (leftover && options.deleteReplaced) {
    removals.replaced.push({ id: certId, reason: 'leftover', replacedBy: [], voided, ...flag });
  } else if (successors.length > 0) {
    left(`Replaced by ${successors.join(', ')}; kept because delete-replaced is off.`);
  } else if (options.prune && !associationsComplete) {
    left(
      'The manifest no longer names it, but Cloudflare does not serve the association list: a hostname outside the manifest may still use it, so prune keeps it.',
    );
  } else if (options.prune) {
    removals.pruned.push({ id: certId, reason: 'pruned', replacedBy: [], voided });
  } else if (leftover) {
    left(
      'Serves no hostname and the manifest no longer names it; kept because delete-replaced and prune are off.',
    );
  } else {
    left('The manifest no longer names it; kept because prune is off.');
  }
}

/**
 * An owned certificate that no hostname holds and the manifest no longer names: what a rotation
 * leaves when it stops after the re-point (killed, or its DELETE refused). Whatever the leaf looks
 * like (CN only, a name the manifest does not list, outliving its successor), a re-run with
 * delete-replaced finishes that deletion, so it reaches the state an uninterrupted run would.
 * Its successors, when its names tell them, are the manifest certificates serving those names.
 */
function leftoverOf(
  certificate: { id: string; owned: boolean; names?: string[] },
  targets: Target[],
  state: RemoteState,
): { hostnames: string[]; certificates: Set<string> } | undefined {
  if (!certificate.owned || hostnamesHolding(state, certificate.id).length > 0) return undefined;
  const names = new Set(certificate.names?.map(normalizeHostname) ?? []);
  // Without the association list only the manifest's hostnames (and the certificates' names) were
  // read: "held by no hostname" is believed only for a certificate that names nothing else, i.e.
  // one the manifest itself served before, whose every hostname was read.
  if (!state.associationsComplete) {
    const manifest = new Set(targets.flatMap((target) => target.desired.hostnames.map(normalizeHostname)));
    if (names.size === 0 || ![...names].every((name) => manifest.has(name))) return undefined;
  }
  const successors = targets.filter((target) =>
    target.desired.hostnames.some((hostname) => names.has(normalizeHostname(hostname))),
  );
  return { hostnames: [], certificates: new Set(successors.map((target) => target.desired.name)) };
}

function movesByCertificate(
  targets: Target[],
): Map<string, { hostnames: string[]; certificates: Set<string> }> {
  const moved = new Map<string, { hostnames: string[]; certificates: Set<string> }>();
  for (const target of targets) {
    for (const move of target.moves) {
      if (move.certId === undefined || move.certId === target.existing?.id) continue;
      const entry = moved.get(move.certId) ?? { hostnames: [], certificates: new Set<string>() };
      entry.hostnames.push(move.hostname);
      entry.certificates.add(target.desired.name);
      moved.set(move.certId, entry);
    }
  }
  return moved;
}

function unownedReason({ strays, movedAway, successors }: Usage): string {
  const parts = ["Not under the zone's origin-ca, so it is left alone."];
  if (movedAway.length > 0)
    parts.push(`The manifest moves ${movedAway.join(', ')} from it to ${successors.join(', ')}.`);
  if (strays.length > 0) parts.push(`Still serves ${strays.join(', ')}.`);
  return parts.join(' ');
}
