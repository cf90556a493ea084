/**
 * Executes one zone's plan in the safe order of DESIGN §4, wave by wave: upload → wait until
 * `active` → ask the origin (the gate) → PUT the hostnames → verify from the association list →
 * only then remove and delete. It stops at the first failure: nothing before a verified re-point
 * is ever deleted, so the old certificate keeps serving, and a re-run plans again from what
 * Cloudflare then holds. A certificate the gate holds waits alone; the rest of the zone goes on.
 */
import { CloudflareApiError, readAssociations, type CloudflareClient } from '../cloudflare/index.js';
import { indexAssociations, type AssociationIndex } from '../plan/remote-state.js';
import { describeStep, heldSteps, type Step, type ZonePlan } from '../plan/index.js';
import { realClock, ZoneWatch, type Clock } from './wait.js';

export interface UploadMaterial {
  certificatePem: string;
  /** Decrypted PKCS#8 PEM, already masked by the caller. */
  privateKeyPem: string;
}

/** `held`: not run on purpose, because its certificate waits for the origin (see `detail`). */
export type StepOutcome = 'done' | 'failed' | 'not-run' | 'held';

export interface StepResult {
  step: Step;
  outcome: StepOutcome;
  /** For uploads and reuses: the certificate's ID. */
  id?: string;
  detail?: string;
}

export interface ZoneApplyResult {
  zone: string;
  zoneId: string;
  results: StepResult[];
  /** Manifest certificate name → Cloudflare ID, after this run. */
  ids: Map<string, string>;
  /** Set when a step failed: what happened, what was done and what was not. */
  failure?: string;
  /** Manifest certificates that wait for their origin, each with why; their hostnames kept what they had. */
  held: Map<string, string>;
}

/** One certificate a wave is about to point hostnames at, once it is active in Cloudflare. */
export interface Pointing {
  certificate: string;
  certId: string;
  hostnames: string[];
}

export interface ApplyOptions {
  waitActiveMs: number;
  log: (message: string) => void;
  clock?: Clock;
  /** Certificates held before anything is written (the origin refused them already), each with why. */
  held?: ReadonlyMap<string, string>;
  /**
   * Asked once per wave, after its uploads are active and before its first association: which of
   * these certificates must not serve yet, each with why. Absent: none is held.
   */
  gate?: (pointing: Pointing[]) => Promise<Map<string, string>>;
}

class StepFailure extends Error {}

function explain(error: unknown): string {
  if (error instanceof CloudflareApiError || error instanceof StepFailure) return error.message;
  return (error as Error).message ?? String(error);
}

export async function applyZone(
  client: CloudflareClient,
  plan: ZonePlan,
  material: Map<string, UploadMaterial>,
  options: ApplyOptions,
): Promise<ZoneApplyResult> {
  const clock = options.clock ?? realClock;
  const { zoneId } = plan;
  const ids = new Map(
    plan.certificates.flatMap((certificate) => (certificate.id ? [[certificate.name, certificate.id]] : [])),
  );
  const results: StepResult[] = plan.steps.map((step) => ({ step, outcome: 'not-run' }));
  const held = new Map(options.held ?? []);
  const result: ZoneApplyResult = { zone: plan.zone, zoneId, results, ids, held };
  const hold = (uploads: boolean) => {
    for (const [index, why] of heldSteps(plan, held, { uploads })) {
      const entry = results[index]!;
      if (entry.outcome === 'not-run') Object.assign(entry, { outcome: 'held', detail: why });
    }
  };
  hold(true);

  const watch = new ZoneWatch(client, zoneId, clock);
  const waitActive = (id: string, name: string) => watch.waitActive(id, name, options.waitActiveMs);
  const verify = (expected: Map<string, string>) => watch.verify(expected, options.waitActiveMs);

  const waves = [...new Set(plan.steps.map((step) => step.wave))].sort((a, b) => a - b);
  let current: StepResult | undefined;
  try {
    for (const wave of waves) {
      const inWave = results.filter((entry) => entry.step.wave === wave);
      const laterWaves = wave !== waves[waves.length - 1];
      const expected = new Map<string, string>();
      let gated = false;
      for (const entry of inWave) {
        if (entry.outcome === 'held') continue;
        if (entry.step.kind === 'associate' && !gated) {
          gated = true;
          current = undefined;
          await askGate(inWave, ids, held, options);
          hold(false);
          // The gate may have just held this very step.
          if ((entry.outcome as StepOutcome) === 'held') continue;
        }
        current = entry;
        const { step } = entry;
        if (step.kind === 'upload') {
          const upload = material.get(step.certificate);
          if (!upload) throw new StepFailure(`No key for ${step.certificate}: it cannot be uploaded.`);
          options.log(`Uploading ${step.certificate}…`);
          const uploaded = await client.uploadCertificate(zoneId, {
            certificate: upload.certificatePem,
            privateKey: upload.privateKeyPem,
          });
          ids.set(step.certificate, uploaded.id);
          // It is in Cloudflare from here on, whatever the wait says: report it as uploaded.
          Object.assign(entry, { outcome: 'done', id: uploaded.id });
          current = undefined;
          options.log(`Uploaded ${step.certificate} as ${uploaded.id}; waiting until it is active…`);
          await waitActive(uploaded.id, step.certificate);
        } else if (step.kind === 'reuse') {
          options.log(
            `${step.certificate} is already in Cloudflare as ${step.id}; waiting until it is active…`,
          );
          await waitActive(step.id, step.certificate);
          Object.assign(entry, { outcome: 'done', id: step.id });
        } else if (step.kind === 'associate') {
          const certId = step.certId ?? ids.get(step.certificate);
          if (!certId) throw new StepFailure(`No certificate ID for ${step.certificate}.`);
          await client.putHostnames(
            zoneId,
            step.hostnames.map((hostname) => ({ hostname, certId, enabled: true })),
          );
          for (const hostname of step.hostnames) expected.set(hostname, certId);
          entry.outcome = 'done';
        } else {
          if (expected.size > 0) {
            options.log(`Verifying ${[...expected.keys()].join(', ')}…`);
            await verify(expected);
            expected.clear();
          }
          if (step.kind === 'disassociate') {
            await client.putHostnames(
              zoneId,
              step.hostnames.map((hostname) => ({ hostname, certId: step.certId, enabled: null })),
            );
          } else {
            await watch.delete(step.id, laterWaves);
          }
          entry.outcome = 'done';
        }
      }
      current = undefined;
      if (expected.size > 0) {
        options.log(`Verifying ${[...expected.keys()].join(', ')}…`);
        await verify(expected);
      }
    }
  } catch (error) {
    if (current) {
      current.outcome = 'failed';
      current.detail = explain(error);
    }
    // A PUT whose answer was lost may have been applied: read what Cloudflare holds, never guess.
    const failedPut = current?.step.kind === 'associate' ? current.step : undefined;
    const reread = failedPut
      ? await readAssociations(client, zoneId, () => failedPut.hostnames).then(
          (read) => indexAssociations(read.rows),
          () => undefined,
        )
      : undefined;
    result.failure = failureReport(plan, results, explain(error), ids, reread);
  }
  return result;
}

/** The gate, for the wave's associations still to make; what it holds joins `held`. */
async function askGate(
  inWave: StepResult[],
  ids: Map<string, string>,
  held: Map<string, string>,
  options: ApplyOptions,
): Promise<void> {
  if (!options.gate) return;
  const pointing = inWave.flatMap(({ step, outcome }) => {
    if (step.kind !== 'associate' || outcome !== 'not-run') return [];
    const certId = step.certId ?? ids.get(step.certificate);
    return certId ? [{ certificate: step.certificate, certId, hostnames: step.hostnames }] : [];
  });
  if (pointing.length === 0) return;
  for (const [certificate, why] of await options.gate(pointing)) {
    options.log(`${certificate} ${why}`);
    held.set(certificate, why);
  }
}

/**
 * What happened and what serves now: once an association is PUT, its hostnames are on the new
 * certificate whatever failed after, and the certificates it replaced stay until a re-run.
 */
function failureReport(
  plan: ZonePlan,
  results: StepResult[],
  reason: string,
  ids: Map<string, string>,
  reread: AssociationIndex | undefined,
): string {
  const describe = (entries: StepResult[]) => entries.map((entry) => describeStep(entry.step));
  const done = results.filter((entry) => entry.outcome === 'done');
  const notDone = results.filter((entry) => entry.outcome !== 'done');
  const removed = done.filter((entry) => entry.step.kind === 'disassociate' || entry.step.kind === 'delete');
  const moved = done.flatMap(({ step }) =>
    step.kind === 'associate' ? [`${step.hostnames.join(', ')} → ${step.certificate}`] : [],
  );
  const failed = results.find((entry) => entry.outcome === 'failed' && entry.step.kind === 'associate')?.step;
  let unknown: string | undefined;
  if (failed?.kind === 'associate') {
    const certId = failed.certId ?? ids.get(failed.certificate);
    if (reread && certId) {
      // Pointed at it, even if not yet active: the hostname has left its old certificate.
      const applied = failed.hostnames.filter((hostname) =>
        reread.rowsOf(hostname).some((row) => row.certId === certId && row.enabled === true),
      );
      if (applied.length > 0) moved.push(`${applied.join(', ')} → ${failed.certificate}`);
    } else {
      unknown = `Whether ${failed.hostnames.join(', ')} moved to ${failed.certificate} is unknown (the answer was lost and Cloudflare could not be read again)`;
    }
  }
  const serving: string[] = [];
  if (moved.length > 0) {
    serving.push(
      `Already pointed at the manifest's certificates (Cloudflare holds the change): ${moved.join('; ')}; every other hostname keeps the certificate it had`,
    );
  } else if (unknown) {
    serving.push(`${unknown}; every other hostname keeps the certificate it had`);
  } else {
    serving.push('No hostname was re-pointed, so the origin gets the certificates it had');
  }
  serving.push(
    removed.length === 0
      ? 'nothing was removed or deleted'
      : `removed or deleted only what the plan removes (${describe(removed).join('; ')})`,
  );
  return (
    `Deploy of ${plan.zone} stopped: ${reason} ` +
    `Done: ${done.length > 0 ? describe(done).join('; ') : 'nothing'}. Not done: ${describe(notDone).join('; ')}. ` +
    `${serving.join('; ')}. Re-run deploy to finish: it picks up from what Cloudflare then holds.`
  );
}
