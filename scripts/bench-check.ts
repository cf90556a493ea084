/**
 * What `check` adds to a pull request: the bundled action over N certificates, its cold start with
 * nothing to check, and `node -e 0`, on each runtime; against the node:crypto floor over the same files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeCA, makeKeys, makeLeaf } from '../test-support/pki.js';
import { commitAll, makeRepo } from '../test-support/repo.js';
import { nodeBinary, runAction, type NodeRuntime, type RunResult } from '../test-support/runner.js';
import { medianMs, verifiedUnderCa } from './bench-floor.js';
import { CA_FILE, repositoryFiles, zoneId, zoneName, type BenchZone } from './bench-manifest.js';

const CERTIFICATES_PER_ZONE = 10;
const RSA_2048 = { alg: 'rsa', bits: 2048 } as const;
const RUNTIMES: NodeRuntime[] = ['node24', 'node20'];

export interface RuntimeCheckFigures {
  runtime: NodeRuntime;
  node: string;
  checkMs: number;
  /** The action on a manifest with nothing to check. */
  coldStartMs: number;
  checkMinusColdStartMs: number;
  nodeEmptyMs: number;
}

export interface CheckFigures {
  certificates: number;
  zones: number;
  runs: number;
  /** node:crypto read + parse + verify of the same files, in the benchmark's own process. */
  floorMs: number;
  floorNode: string;
  runtimes: RuntimeCheckFigures[];
}

/** `count` leaves, ten to a zone, each on its own hostname, under one RSA-2048 CA. */
async function makeZones(count: number) {
  const ca = await makeCA({ key: RSA_2048 });
  // One key for every leaf: check is given no keys, and generating 1,000 RSA keys would dominate.
  const keys = await makeKeys(RSA_2048);
  const zones: BenchZone[] = [];
  for (let index = 0; index < count; index += 1) {
    const zoneIndex = Math.floor(index / CERTIFICATES_PER_ZONE);
    if (!zones[zoneIndex]) zones.push({ name: zoneName(zoneIndex), id: zoneId(zoneIndex), certificates: [] });
    const name = `c${index % CERTIFICATES_PER_ZONE}`;
    const hostname = `${name}.${zoneName(zoneIndex)}`;
    const leaf = await makeLeaf(ca, { dns: [hostname], keys });
    zones[zoneIndex]!.certificates.push({ name, leaf, hostnames: [hostname] });
  }
  return { ca, zones };
}

interface Workspace {
  folder: string;
  /** The commit the pull request's base points at: the same files, so check finds each one's base copy. */
  baseSha: string;
}

async function committedRepo(files: Record<string, string>): Promise<Workspace> {
  const folder = await makeRepo(files);
  return { folder, baseSha: commitAll(folder, 'base') };
}

function runCheck(workspace: Workspace, runtime: NodeRuntime): Promise<RunResult> {
  return runAction({
    workspace: workspace.folder,
    runtime,
    eventName: 'pull_request',
    payload: { number: 3, pull_request: { number: 3, base: { sha: workspace.baseSha, ref: 'main' } } },
    inputs: { comment: 'false' },
  });
}

function expectChecked(result: RunResult, certificates: number): RunResult {
  const rows = JSON.parse(result.outputs.certificates ?? '[]') as unknown[];
  if (result.exitCode !== 0 || rows.length !== certificates) {
    throw new Error(`check did not pass over ${certificates} certificates:\n${result.stdout}`);
  }
  return result;
}

function exitOf(binary: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(binary, args, { stdio: 'ignore' }).on('close', resolve));
}

async function measureRuntime(
  runtime: NodeRuntime,
  workspaces: { full: Workspace; empty: Workspace },
  certificates: number,
  runs: number,
): Promise<RuntimeCheckFigures> {
  const checked = await medianMs(runs, async () =>
    expectChecked(await runCheck(workspaces.full, runtime), certificates),
  );
  const coldStart = await medianMs(runs, async () =>
    expectChecked(await runCheck(workspaces.empty, runtime), 0),
  );
  const nodeEmpty = await medianMs(runs, () => exitOf(nodeBinary(runtime), ['-e', '0']));
  return {
    runtime,
    node: execFileSync(nodeBinary(runtime), ['--version'], { encoding: 'utf8' }).trim(),
    checkMs: checked.ms,
    coldStartMs: coldStart.ms,
    checkMinusColdStartMs: checked.ms - coldStart.ms,
    nodeEmptyMs: nodeEmpty.ms,
  };
}

export async function benchCheck(certificates: number, runs: number): Promise<CheckFigures> {
  const { ca, zones } = await makeZones(certificates);
  const files = repositoryFiles(ca, zones, false);
  const full = await committedRepo(files);
  const empty = await committedRepo(
    repositoryFiles(ca, [{ name: zoneName(0), id: zoneId(0), certificates: [] }], false),
  );
  const leafFiles = Object.keys(files)
    .filter((file) => file !== CA_FILE && file.endsWith('.crt'))
    .map((file) => path.join(full.folder, file));
  const floor = await medianMs(runs, async () =>
    verifiedUnderCa(
      await readFile(path.join(full.folder, CA_FILE)),
      await Promise.all(leafFiles.map((file) => readFile(file))),
    ),
  );
  if (floor.result !== certificates) throw new Error(`only ${floor.result} leaves verified under the CA`);
  const runtimes: RuntimeCheckFigures[] = [];
  for (const runtime of RUNTIMES)
    runtimes.push(await measureRuntime(runtime, { full, empty }, certificates, runs));
  return {
    certificates,
    zones: zones.length,
    runs,
    floorMs: floor.ms,
    floorNode: process.version,
    runtimes,
  };
}
