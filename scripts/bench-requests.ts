/**
 * Requests `deploy` and `scan` make against the Cloudflare emulator, for a large-account shape
 * (zones of many certificates of many hostnames), against the minimum each plan needs.
 */
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo, writeFiles } from '../test-support/repo.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { keyEnvironment, repositoryFiles, zoneId, zoneName, type BenchZone } from './bench-manifest.js';

/** Cloudflare's documented request budget per credential. */
export const RATE_LIMIT = { requests: 1200, minutes: 5 };
/** Per zone, what deploy and scan read before anything else: certificates, associations, setting. */
const STATE_READS_PER_ZONE = 3;
const NOT_REGISTERED = 'is not available in this version yet';
const STATUS_STEP_MS = 20;

type CloudflareEmulator = Awaited<ReturnType<typeof startCloudflareEmulator>>;

export interface RequestShape {
  zones: number;
  certificatesPerZone: number;
  hostnamesPerCertificate: number;
}

export interface PhaseFigures {
  phase: string;
  requests: number;
  reads: number;
  writes: number;
  /** The writes the run's `plan` output lists (deploy only). */
  planWrites?: number;
  /** The fewest requests the phase could make, where that is known exactly. */
  minimumReads?: number;
  byOperation: Record<string, number>;
  requestsPerZone: number;
  zonesPerWindow: number;
  meetsMinimum: boolean;
}

export interface RequestFigures {
  shape: RequestShape;
  phases: PhaseFigures[];
  notes: string[];
}

async function makeZones(ca: Issued, shape: RequestShape): Promise<BenchZone[]> {
  const zones: BenchZone[] = [];
  for (let zoneIndex = 0; zoneIndex < shape.zones; zoneIndex += 1) {
    const zone: BenchZone = { name: zoneName(zoneIndex), id: zoneId(zoneIndex), certificates: [] };
    for (let index = 0; index < shape.certificatesPerZone; index += 1) {
      const hostnames = Array.from(
        { length: shape.hostnamesPerCertificate },
        (_, host) => `h${host}.c${index}.${zone.name}`,
      );
      zone.certificates.push({ name: `c${index}`, leaf: await makeLeaf(ca, { dns: hostnames }), hostnames });
    }
    zones.push(zone);
  }
  return zones;
}

function planWritesOf(result: RunResult): number {
  const plan = JSON.parse(result.outputs.plan ?? 'null') as { writes: number }[] | null;
  return (plan ?? []).reduce((sum, zone) => sum + zone.writes, 0);
}

async function measure(
  cf: CloudflareEmulator,
  shape: RequestShape,
  phase: string,
  run: () => Promise<RunResult>,
  expected: { planWrites?: boolean; minimumReads?: number },
): Promise<PhaseFigures> {
  const start = cf.requestLog.length;
  const result = await run();
  if (result.exitCode !== 0) throw new Error(`${phase} failed:\n${result.stdout}`);
  const entries = cf.requestLog.slice(start);
  const byOperation: Record<string, number> = {};
  for (const entry of entries) {
    const operation = entry.operation ?? `${entry.method} ${entry.path}`;
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
  }
  const writes = entries.filter((entry) => entry.write).length;
  const reads = entries.length - writes;
  const planWrites = expected.planWrites ? planWritesOf(result) : undefined;
  const requestsPerZone = entries.length / shape.zones;
  return {
    phase,
    requests: entries.length,
    reads,
    writes,
    ...(planWrites !== undefined ? { planWrites } : {}),
    ...(expected.minimumReads !== undefined ? { minimumReads: expected.minimumReads } : {}),
    byOperation,
    requestsPerZone,
    zonesPerWindow: Math.floor(RATE_LIMIT.requests / requestsPerZone),
    meetsMinimum:
      (planWrites === undefined || writes === planWrites) &&
      (expected.minimumReads === undefined || reads === expected.minimumReads),
  };
}

export interface WaitingFigures {
  activationSeconds: number;
  shape: RequestShape;
  uploads: number;
  /** Reads of one certificate (`getCertificate`) while waiting for `active`. */
  certificateReads: number;
  /** Reads of a zone's hostname list or one hostname while waiting for associations. */
  hostnameReads: number;
  requests: number;
  writes: number;
  /** The fewest reads that see every upload active: one certificate list per zone per 10 s poll. */
  minimumWaitReads: number;
  wallSeconds: number;
}

/**
 * A first deploy against an emulator whose certificates take Cloudflare's real time to become
 * active. The action waits in real time, so this runs a small shape for about that long per upload.
 */
export async function benchWaiting(activationSeconds: number, shape: RequestShape): Promise<WaitingFigures> {
  const ids = Array.from({ length: shape.zones }, (_, index) => zoneId(index));
  const cf = await startCloudflareEmulator({
    zones: ids,
    statusStepMs: STATUS_STEP_MS,
    activationMs: activationSeconds * 1000,
    rateLimit: false,
  });
  try {
    const ca = await makeCA();
    const zones = await makeZones(ca, shape);
    const workspace = await makeRepo(repositoryFiles(ca, zones, true));
    const started = Date.now();
    const result = await runAction({
      workspace,
      runtime: 'node24',
      eventName: 'push',
      ref: 'refs/heads/main',
      payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
      inputs: {
        'api-token': cf.token,
        'api-url': cf.url,
        'wait-active-seconds': String(activationSeconds * 4),
        comment: 'false',
      },
      env: keyEnvironment(zones),
    });
    if (result.exitCode !== 0)
      throw new Error(`deploy with ${activationSeconds} s activation failed:\n${result.stdout}`);
    const count = (operation: string) =>
      cf.requestLog.filter((entry) => entry.operation === operation).length;
    const uploads = count('uploadCertificate');
    return {
      activationSeconds,
      shape,
      uploads,
      certificateReads: count('getCertificate'),
      hostnameReads: count('listHostnames') + count('getHostname'),
      requests: cf.requestLog.length,
      writes: cf.requestLog.filter((entry) => entry.write).length,
      minimumWaitReads: shape.zones * Math.ceil(activationSeconds / 10),
      wallSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    await cf.close();
  }
}

export async function benchRequests(shape: RequestShape): Promise<RequestFigures> {
  const ids = Array.from({ length: shape.zones }, (_, index) => zoneId(index));
  // Counting, not throttling: the projection below is what tells whether an account fits the limit.
  const cf = await startCloudflareEmulator({ zones: ids, statusStepMs: STATUS_STEP_MS, rateLimit: false });
  const notes = [
    `getCertificate counts the waits for "active": the emulator gets there in a few ${STATUS_STEP_MS} ms steps, ` +
      'Cloudflare in minutes, so the reads of a deploy that uploads are a lower bound.',
  ];
  try {
    const ca = await makeCA();
    let zones = await makeZones(ca, shape);
    const workspace = await makeRepo(repositoryFiles(ca, zones, true));
    // No GitHub: github-token is empty, so deploy warns that it cannot ask for the branch head and goes on.
    const deploy = () =>
      runAction({
        workspace,
        runtime: 'node24',
        eventName: 'push',
        ref: 'refs/heads/main',
        payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
        inputs: { 'api-token': cf.token, 'api-url': cf.url, 'wait-active-seconds': '60', comment: 'false' },
        env: keyEnvironment(zones),
      });
    const minimumReads = STATE_READS_PER_ZONE * shape.zones;
    const phases = [
      await measure(cf, shape, 'deploy: first', deploy, { planWrites: true }),
      await measure(cf, shape, 'deploy: no change', deploy, { planWrites: true, minimumReads }),
    ];
    zones = await Promise.all(
      zones.map(async (zone) => {
        const [first, ...rest] = zone.certificates;
        const renewed = { ...first!, leaf: await makeLeaf(ca, { dns: first!.hostnames }) };
        return { ...zone, certificates: [renewed, ...rest] };
      }),
    );
    await writeFiles(workspace, repositoryFiles(ca, zones, true));
    phases.push(await measure(cf, shape, 'deploy: rotate 1/zone', deploy, { planWrites: true }));
    const scan = () =>
      runAction({
        workspace,
        runtime: 'node24',
        eventName: 'schedule',
        ref: 'refs/heads/main',
        payload: { schedule: '0 6 * * *' },
        inputs: { 'api-token': cf.token, 'api-url': cf.url, 'fail-on-scan': 'never' },
      });
    const probe = await scan();
    if (probe.exitCode !== 0 && probe.stdout.includes(NOT_REGISTERED)) {
      notes.push('scan skipped: this build of dist/index.js does not register the scan command.');
    } else {
      phases.push(await measure(cf, shape, 'scan', scan, { minimumReads }));
    }
    return { shape, phases, notes };
  } finally {
    await cf.close();
  }
}
