/**
 * What `check` costs on a pull request: the bundled action over 10, 100 and 1,000 certificates,
 * against `node -e 0` and against the floor (a bare node:crypto read + parse + verify of the same
 * files), all as whole processes; wall time and peak memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeCA, makeKeys, makeLeaf } from '../test-support/pki.js';
import { commitAll, makeRepo } from '../test-support/repo.js';
import {
  nodeBinary,
  REPO_ROOT,
  runAction,
  type NodeRuntime,
  type RunResult,
} from '../test-support/runner.js';
import { FLOOR_SCRIPT, median, PeakMemory, runProcess } from './bench-floor.js';
import { repositoryFiles, zoneId, zoneName, type BenchZone } from './bench-manifest.js';

const CERTIFICATES_PER_ZONE = 10;
const RSA_2048 = { alg: 'rsa', bits: 2048 } as const;

export interface Measured {
  /** Median lifetime of the whole process, from its start to its exit. */
  ms: number;
  /** Median of the processes' peak resident memory. */
  peakMb: number;
}

export interface CheckPoint extends Measured {
  certificates: number;
}

export interface RuntimeCheckFigures {
  runtime: NodeRuntime;
  node: string;
  nodeEmptyMs: number;
  /**
   * A bundle of `@actions/core` alone that logs one line, built the way the action is: what any
   * action built on the toolkit pays at start, before it does anything of its own.
   */
  toolkitMs: number;
  points: CheckPoint[];
  /** The floor over the largest repository. */
  floor: CheckPoint;
  /** Least-squares line through the points: ms = interceptMs + slopeMs × certificates. */
  fit: { slopeMs: number; interceptMs: number; r2: number };
}

export interface CheckFigures {
  runs: number;
  certificatesPerZone: number;
  runtimes: RuntimeCheckFigures[];
}

interface Workspace {
  certificates: number;
  folder: string;
  /** The commit the pull request's base points at: the same files, so check finds each one's base copy. */
  baseSha: string;
}

/** `count` leaves, ten to a zone, each on its own hostname, under one RSA-2048 CA, all signed with one extension file. */
async function makeWorkspaces(sizes: number[]): Promise<Workspace[]> {
  const ca = await makeCA({ key: RSA_2048 });
  // One key for every leaf: check is given no keys, and generating 1,000 RSA keys would dominate.
  const keys = await makeKeys(RSA_2048);
  const largest = Math.max(...sizes);
  const leaves = [];
  for (let index = 0; index < largest; index += 1) {
    const zone = zoneName(Math.floor(index / CERTIFICATES_PER_ZONE));
    const hostname = `c${index % CERTIFICATES_PER_ZONE}.${zone}`;
    leaves.push({ hostname, leaf: await makeLeaf(ca, { dns: [hostname], keys }) });
  }
  const workspaces: Workspace[] = [];
  for (const size of sizes) {
    const zones: BenchZone[] = [];
    leaves.slice(0, size).forEach(({ hostname, leaf }, index) => {
      const zoneIndex = Math.floor(index / CERTIFICATES_PER_ZONE);
      zones[zoneIndex] ??= { name: zoneName(zoneIndex), id: zoneId(zoneIndex), certificates: [] };
      zones[zoneIndex].certificates.push({
        name: `c${index % CERTIFICATES_PER_ZONE}`,
        leaf,
        hostnames: [hostname],
      });
    });
    const folder = await makeRepo(repositoryFiles(ca, zones, false, true));
    workspaces.push({ certificates: size, folder, baseSha: commitAll(folder, 'base') });
  }
  return workspaces;
}

function runCheck(
  workspace: Workspace,
  runtime: NodeRuntime,
  env: Record<string, string>,
): Promise<RunResult> {
  return runAction({
    workspace: workspace.folder,
    runtime,
    eventName: 'pull_request',
    payload: { number: 3, pull_request: { number: 3, base: { sha: workspace.baseSha, ref: 'main' } } },
    inputs: { comment: 'false' },
    env,
  });
}

function expectChecked(result: RunResult, certificates: number): void {
  const rows = JSON.parse(result.outputs.certificates ?? '[]') as unknown[];
  if (result.exitCode !== 0 || rows.length !== certificates) {
    throw new Error(
      `check did not pass over ${certificates} certificates:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

type Task = (env: Record<string, string>) => Promise<void>;

/**
 * One warm-up of each task, then `runs` rounds that run every task once, in turn: on a shared
 * machine the load changes from second to second, and taking turns gives each task the same
 * share of it. Medians of time and peak memory per task.
 */
async function measureInTurns(runs: number, memory: PeakMemory, tasks: Task[]): Promise<Measured[]> {
  for (const task of tasks) await task({});
  const times = tasks.map((): number[] => []);
  const peaks = tasks.map((): number[] => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, task] of tasks.entries()) {
      const tracked = memory.track();
      await task(tracked.env);
      const { ms, peakMb } = await tracked.read();
      times[index]!.push(ms);
      peaks[index]!.push(peakMb);
    }
  }
  return tasks.map((_, index) => ({ ms: median(times[index]!), peakMb: median(peaks[index]!) }));
}

function fitLine(points: CheckPoint[]): RuntimeCheckFigures['fit'] {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.certificates, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.ms, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const point of points) {
    sxy += (point.certificates - meanX) * (point.ms - meanY);
    sxx += (point.certificates - meanX) ** 2;
    syy += (point.ms - meanY) ** 2;
  }
  const slopeMs = sxx === 0 ? 0 : sxy / sxx;
  return { slopeMs, interceptMs: meanY - slopeMs * meanX, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/**
 * Builds the toolkit-only bundle as the action is built (a CommonJS entry that runs an ES module,
 * ncc, minified; @actions/core as this project installs it, patched), under node_modules (to
 * resolve the toolkit from there).
 */
function buildToolkitBundle(): string {
  const folder = path.join(REPO_ROOT, 'node_modules', '.cache', 'aop-bench-toolkit');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'index.cjs'), "require('./log.mjs');\n");
  writeFileSync(
    path.join(folder, 'log.mjs'),
    "import * as core from '@actions/core';\ncore.info('started');\n",
  );
  execFileSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'ncc'),
    ['build', 'index.cjs', '-o', 'dist', '--minify', '--no-source-map-register', '--quiet'],
    { cwd: folder, stdio: 'ignore' },
  );
  return path.join(folder, 'dist', 'index.cjs');
}

async function measureRuntime(
  runtime: NodeRuntime,
  workspaces: Workspace[],
  runs: number,
  memory: PeakMemory,
  toolkit: string,
): Promise<RuntimeCheckFigures> {
  const binary = nodeBinary(runtime);
  const largest = workspaces[workspaces.length - 1]!;
  const checks: Task[] = workspaces.map(
    (workspace) => async (env) =>
      expectChecked(await runCheck(workspace, runtime, env), workspace.certificates),
  );
  const floorTask: Task = async (env) => {
    const verified = Number(await runProcess(binary, ['-e', FLOOR_SCRIPT, largest.folder], env));
    if (verified !== largest.certificates) throw new Error(`the floor verified ${verified} certificates`);
  };
  const emptyTask: Task = async (env) => {
    await runProcess(binary, ['-e', '0'], env);
  };
  const toolkitTask: Task = async (env) => {
    const said = await runProcess(binary, [toolkit], env);
    if (!said.includes('started')) throw new Error('the toolkit-only bundle did not run');
  };
  const measured = await measureInTurns(runs, memory, [...checks, floorTask, emptyTask, toolkitTask]);
  const points = workspaces.map((workspace, index) => ({
    certificates: workspace.certificates,
    ...measured[index]!,
  }));
  const floor = measured[workspaces.length]!;
  const nodeEmpty = measured[workspaces.length + 1]!;
  const toolkitOnly = measured[workspaces.length + 2]!;
  return {
    runtime,
    node: execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim(),
    nodeEmptyMs: nodeEmpty.ms,
    toolkitMs: toolkitOnly.ms,
    points,
    floor: { certificates: largest.certificates, ...floor },
    fit: fitLine(points),
  };
}

export async function benchCheck(
  sizes: number[],
  runs: number,
  runtimes: NodeRuntime[],
): Promise<CheckFigures> {
  const workspaces = await makeWorkspaces([...sizes].sort((a, b) => a - b));
  const toolkit = buildToolkitBundle();
  const memory = await PeakMemory.create();
  try {
    const figures: RuntimeCheckFigures[] = [];
    for (const runtime of runtimes)
      figures.push(await measureRuntime(runtime, workspaces, runs, memory, toolkit));
    return { runs, certificatesPerZone: CERTIFICATES_PER_ZONE, runtimes: figures };
  } finally {
    await memory.close();
  }
}
