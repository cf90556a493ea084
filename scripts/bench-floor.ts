/**
 * The floor the benchmarks compare against: a bare node:crypto read + parse + verify of the same
 * files, run as a whole process like the action; peak memory of a process; median timing.
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** How many of `leaves` (PEM or DER) verify under the CA in `caPem`. */
export function verifiedUnderCa(caPem: Buffer, leaves: Buffer[]): number {
  const caKey = new X509Certificate(caPem).publicKey;
  let verified = 0;
  for (const leaf of leaves) if (new X509Certificate(leaf).verify(caKey)) verified += 1;
  return verified;
}

/**
 * The floor as a process: reads the CA and every leaf `*.crt` one folder below `pki/` of the
 * repository given as its argument, parses and verifies each, prints how many verified.
 */
export const FLOOR_SCRIPT = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { X509Certificate } = require('node:crypto');
const pki = join(process.argv[1], 'pki');
const caKey = new X509Certificate(readFileSync(join(pki, 'rootca.crt'))).publicKey;
let verified = 0;
for (const folder of readdirSync(pki, { withFileTypes: true })) {
  if (!folder.isDirectory()) continue;
  for (const file of readdirSync(join(pki, folder.name))) {
    if (file.endsWith('.crt') && new X509Certificate(readFileSync(join(pki, folder.name, file))).verify(caKey)) verified += 1;
  }
}
console.log(verified);
`;

/**
 * Lifetime and peak memory of whole processes, seen from inside: a preload writes, when the
 * process exits, how long it has run since it started and its maximum resident set size, to the
 * file named by AOP_BENCH_RSS_FILE. Timing from inside leaves out what the harness does around a
 * run (writing the event file, reading the outputs), which the floor does not pay.
 */
export class PeakMemory {
  private constructor(private readonly folder: string) {}

  static async create(): Promise<PeakMemory> {
    const folder = await mkdtemp(path.join(tmpdir(), 'aop-bench-rss-'));
    await writeFile(
      path.join(folder, 'rss.cjs'),
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.AOP_BENCH_RSS_FILE, `${performance.now()} ${process.resourceUsage().maxRSS}`));\n",
    );
    return new PeakMemory(folder);
  }

  /** Environment for one process, and a reader of its lifetime and peak in MB once it has exited. */
  track(): { env: Record<string, string>; read: () => Promise<{ ms: number; peakMb: number }> } {
    const file = path.join(this.folder, `${Math.random().toString(36).slice(2)}.rss`);
    return {
      env: { NODE_OPTIONS: `--require=${path.join(this.folder, 'rss.cjs')}`, AOP_BENCH_RSS_FILE: file },
      read: async () => {
        const [ms, kb] = (await readFile(file, 'utf8')).split(' ').map(Number);
        return { ms: ms!, peakMb: kb! / 1024 };
      },
    };
  }

  close(): Promise<void> {
    return rm(this.folder, { recursive: true, force: true });
  }
}

/**
 * Runs `binary args` to completion; its standard output. It gets the environment the action gets
 * from the runner harness (PATH and HOME, no more), so that the floor and `node -e 0` start the
 * way the action does: a variable such as NODE_EXTRA_CA_CERTS on the machine running the
 * benchmark would otherwise slow only them down (Node reads the extra certificates at start-up).
 */
export function runProcess(
  binary: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${binary} exited with ${code}`)),
    );
  });
}

/** Median wall time of `runs` calls to `task` after one warm-up call, with the last call's result. */
export async function medianMs<T>(runs: number, task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await task();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, result };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
