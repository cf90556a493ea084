import type { Finding } from '../findings.js';
import { planRemovals, type Deletion, type Removals } from './removals.js';
import { indexRemote } from './remote-state.js';
import { RULES } from './rules.js';
import { occupiesSlot } from './statuses.js';
import { targetFindings } from './target-findings.js';
import { resolveTargets, type Target } from './targets.js';
import type { Fallback, Step, ZoneInput, ZonePlan } from './types.js';
import { scheduleWaves, type WaveSchedule } from './waves.js';

const DEFAULT_MAX_CERTIFICATES = 10;

/** Desired state against remote state → the steps that make one into the other. Pure. */
export function planZone(input: ZoneInput): ZonePlan {
  const state = indexRemote(input.remote);
  const targets = resolveTargets(input.desired, state);
  const removals = planRemovals(targets, state, input.options);
  const problems = targetFindings(targets, state, input);
  const plan: ZonePlan = {
    zone: input.zone,
    zoneId: input.zoneId,
    settingEnabled: input.remote.settingEnabled,
    steps: [],
    writes: 0,
    certificates: targets.map((target) =>
      target.existing ? { name: target.desired.name, id: target.existing.id } : { name: target.desired.name },
    ),
    problems,
    untouched: removals.untouched,
  };

  const layout = fitInSlots(input, targets, removals);
  if (!layout) {
    problems.push(slotsExhausted(input, targets, fitsOnceDeleted(input, targets, removals)));
    return plan;
  }
  plan.steps = buildSteps(
    targets,
    removals,
    layout,
    fallbackOf(input.remote.settingEnabled, input.remote.globalEnabled ?? null),
  );
  plan.writes = plan.steps.filter((step) => step.kind !== 'reuse').length;
  return plan;
}

/** Where each group of steps goes; waves are 1-based and `early` deletions, when any, are wave 1 alone. */
interface Layout {
  schedule: WaveSchedule;
  early: Deletion[];
  /** Prune deletions left for the last wave (not needed early). */
  late: Deletion[];
  /** Replaced certificates deleted in the waves, each after its successors serve. */
  replaced: Deletion[];
  firstRotationWave: number;
  lastWave: number;
}

/**
 * Failed copies must go before their certificate is uploaded again (Cloudflare refuses a duplicate).
 * Pruning and leftovers of an earlier rotation normally come after the new certificates serve
 * (DESIGN §4, Order); they move to the front only when their slots are needed, since what they
 * delete serves no hostname at all.
 */
function fitInSlots(input: ZoneInput, targets: Target[], removals: Removals): Layout | undefined {
  const max = input.options.maxCertificates ?? DEFAULT_MAX_CERTIFICATES;
  const occupied = input.remote.certificates.filter((certificate) => occupiesSlot(certificate.status)).length;
  const uploads = targets.filter((target) => !target.existing).map((target) => target.desired.name);
  const leftovers = removals.replaced.filter((deletion) => deletion.leftover);
  const movable = [...removals.pruned, ...leftovers];
  const attempts = movable.length > 0 ? [false, true] : [false];
  for (const moveFirst of attempts) {
    const early = moveFirst ? [...removals.failedCopies, ...movable] : removals.failedCopies;
    const replaced = moveFirst
      ? removals.replaced.filter((deletion) => !deletion.leftover)
      : removals.replaced;
    const deletions = replaced.map((deletion) => ({
      id: deletion.id,
      after: deletion.replacedBy.filter((name) => uploads.includes(name)),
    }));
    const schedule = scheduleWaves({ free: max - occupied + early.length, uploads, deletions });
    if (!schedule) continue;
    const firstRotationWave = early.length > 0 ? 2 : 1;
    return {
      schedule,
      early,
      late: moveFirst ? [] : removals.pruned,
      replaced,
      firstRotationWave,
      lastWave: firstRotationWave + schedule.waves - 1,
    };
  }
  return undefined;
}

function buildSteps(targets: Target[], removals: Removals, layout: Layout, fallback: Fallback): Step[] {
  const { schedule, firstRotationWave, lastWave } = layout;
  const steps: Step[] = [];
  const removal = (deletion: Deletion, wave: number) => {
    if (deletion.voided.length > 0) {
      steps.push({ kind: 'disassociate', wave, certId: deletion.id, hostnames: deletion.voided, fallback });
    }
    steps.push({
      kind: 'delete',
      wave,
      id: deletion.id,
      reason: deletion.reason,
      replacedBy: deletion.replacedBy,
      ...(deletion.leftover ? { leftover: true } : {}),
    });
  };
  if (firstRotationWave > 1) for (const deletion of layout.early) removal(deletion, 1);

  const targetWave = (target: Target) =>
    firstRotationWave + (target.existing ? 0 : (schedule.uploadWave.get(target.desired.name) ?? 0));
  for (let wave = firstRotationWave; wave <= lastWave; wave++) {
    const inWave = targets.filter((target) => targetWave(target) === wave);
    for (const { existing, desired, moves } of inWave) {
      if (existing && moves.length > 0) {
        steps.push({
          kind: 'reuse',
          wave,
          certificate: desired.name,
          id: existing.id,
          status: existing.status,
        });
      }
    }
    for (const { existing, desired } of inWave) {
      if (!existing)
        steps.push({
          kind: 'upload',
          wave,
          certificate: desired.name,
          sha256: desired.sha256,
          notAfter: desired.notAfter,
        });
    }
    for (const { existing, desired, moves } of inWave) {
      if (moves.length === 0) continue;
      steps.push({
        kind: 'associate',
        wave,
        certificate: desired.name,
        ...(existing ? { certId: existing.id } : {}),
        hostnames: moves.map((move) => move.hostname),
        previous: moves,
      });
    }
    for (const deletion of layout.replaced) {
      if (firstRotationWave + (schedule.deletionWave.get(deletion.id) ?? 0) === wave) removal(deletion, wave);
    }
    if (wave === lastWave) {
      for (const { certId, hostnames } of removals.voidedOnKept) {
        steps.push({ kind: 'disassociate', wave, certId, hostnames, fallback });
      }
      for (const deletion of layout.late) removal(deletion, wave);
    }
  }
  return steps;
}

function fallbackOf(settingEnabled: boolean | null, globalEnabled: boolean | null): Fallback {
  if (settingEnabled === null) return 'unknown';
  if (settingEnabled) return 'zone-certificate';
  if (globalEnabled === null) return 'global-unknown';
  return globalEnabled ? 'global-certificate' : 'none';
}

/** The plan would fit if the certificates Cloudflare is deleting (`pending_deletion`) were gone. */
function fitsOnceDeleted(input: ZoneInput, targets: Target[], removals: Removals): boolean {
  const certificates = input.remote.certificates.filter((c) => c.status !== 'pending_deletion');
  if (certificates.length === input.remote.certificates.length) return false;
  return fitInSlots({ ...input, remote: { ...input.remote, certificates } }, targets, removals) !== undefined;
}

function slotsExhausted(input: ZoneInput, targets: Target[], waitForDeletion = false): Finding {
  const max = input.options.maxCertificates ?? DEFAULT_MAX_CERTIFICATES;
  const live = input.remote.certificates.filter((certificate) => occupiesSlot(certificate.status));
  const unowned = live.filter((certificate) => !certificate.owned).length;
  const uploads = targets.filter((target) => !target.existing).map((target) => target.desired.name);
  const found: Finding = {
    severity: 'error',
    rule: RULES.slotsExhausted.id,
    message: `Zone ${input.zone} holds ${live.length} of its ${max} hostname certificates (${unowned} not under origin-ca) and cannot fit the upload of ${uploads.join(', ')}, even one at a time, without deleting a certificate still in use first, which aop-certs never does. Nothing was changed.`,
    fix: waitForDeletion
      ? 'Cloudflare is still deleting a certificate of this zone (pending_deletion), and it holds a slot until it is gone: wait for the deletion to finish, then re-run.'
      : 'Free a slot first: delete a certificate no hostname needs (one not under origin-ca only by its owner), or, if one is owned and no longer in the manifest, deploy with prune: true.',
    zone: input.zone,
  };
  if (input.manifestFile !== undefined) found.file = input.manifestFile;
  return found;
}
