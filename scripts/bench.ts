/**
 * `npm run bench`: what users feel, in one run, side by side and as ratios against targets:
 * the bundle's size; `check` over 10, 100 and 1,000 certificates against `node -e 0` and against
 * the node:crypto floor (whole processes, wall time and peak memory), with the time per
 * certificate fitted to a line; requests made by `deploy` and `scan` against the emulator,
 * against the minimum each plan needs, including the reads of a wait for Cloudflare's real
 * activation time.
 * Run: npm run bench -- [--sizes 10,100,1000] [--runs 7] [--runtimes node20,node24]
 *        [--zones 3] [--activation-seconds 30] [--json bench.json] [--markdown docs/benchmarks.md]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nodeBinary, REPO_ROOT, type NodeRuntime } from '../test-support/runner.js';
import { benchCheck, type CheckFigures, type RuntimeCheckFigures } from './bench-check.js';
import {
  benchRequests,
  benchWaiting,
  RATE_LIMIT,
  type RequestFigures,
  type WaitingFigures,
} from './bench-requests.js';

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,1000' },
    runs: { type: 'string', default: '7' },
    runtimes: { type: 'string', default: 'node20' },
    zones: { type: 'string', default: '3' },
    'activation-seconds': { type: 'string', default: '30' },
    json: { type: 'string' },
    markdown: { type: 'string' },
  },
});

/** The figures the action is held to. */
export const TARGETS = {
  bundleBytes: 2_000_000,
  /** check over the largest repository, against the floor over the same files. */
  largeRatio: 3,
  /** check over the smallest repository, against `node -e 0`. */
  smallRatio: 4,
  memoryRatio: 2,
};

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} takes a whole number ≥ 1, not "${text}"`);
  return value;
}

/** Left-aligns the first column and right-aligns the others. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;

/** One line of the targets table: what the action is held to, what this run measured, and whether it holds. */
interface Target {
  name: string;
  measured: string;
  goal: string;
  met: boolean;
}

interface Verdicts {
  lines: string[];
  targets: Target[];
  met: boolean;
}

function verdicts(lines: string[], targets: Target[]): Verdicts {
  return { lines, targets, met: targets.every((target) => target.met) };
}

function ratioTarget(name: string, value: number, goal: number): Target {
  return { name, measured: `${value.toFixed(1)}×`, goal: `≤ ${goal}×`, met: value <= goal };
}

function targetTable(targets: Target[]): string[] {
  return [
    'targets, all from this run',
    table([
      ['', 'measured', 'target', 'met'],
      ...targets.map((target) => [target.name, target.measured, target.goal, target.met ? 'yes' : 'NO']),
    ]),
  ];
}

/** The code the action ships: dist/index.js and the chunks it loads on demand. */
interface BundleSize {
  entryBytes: number;
  /** Every JavaScript file of dist/ (the entry and every chunk), which is what the target counts. */
  totalBytes: number;
  files: number;
}

async function bundleSize(): Promise<BundleSize> {
  const dist = path.join(REPO_ROOT, 'dist');
  const files = (await readdir(dist)).filter((file) => file.endsWith('.js'));
  const sizes = await Promise.all(files.map(async (file) => (await stat(path.join(dist, file))).size));
  return {
    entryBytes: (await stat(path.join(dist, 'index.js'))).size,
    totalBytes: sizes.reduce((sum, size) => sum + size, 0),
    files: files.length,
  };
}

function bundleSection(size: BundleSize): Verdicts {
  const mbOf = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  return verdicts(
    [
      `bundle: ${size.files} JavaScript files in dist/, ${mbOf(size.totalBytes)} (${size.totalBytes.toLocaleString('en')} bytes); dist/index.js, what every run loads first, is ${(size.entryBytes / 1e3).toFixed(0)} kB, and the rest are chunks loaded by the runs that need them`,
    ],
    [
      {
        name: 'bundle size (all of dist/)',
        measured: mbOf(size.totalBytes),
        goal: `≤ ${TARGETS.bundleBytes / 1e6} MB`,
        met: size.totalBytes <= TARGETS.bundleBytes,
      },
    ],
  );
}

function runtimeSection(figures: RuntimeCheckFigures, runs: number): Verdicts {
  const smallest = figures.points[0]!;
  const largest = figures.points[figures.points.length - 1]!;
  const small = smallest.ms / figures.nodeEmptyMs;
  const large = largest.ms / figures.floor.ms;
  const memory = largest.peakMb / figures.floor.peakMb;
  const { fit } = figures;
  const lines = [
    `check on Node ${figures.node}: median of ${runs} rounds of whole-process runs taking turns (after one warm-up each): lifetime from start to exit, and peak RSS`,
    table([
      ['', 'lifetime', 'per certificate', 'peak memory'],
      ...figures.points.map((point) => [
        `check, ${point.certificates} certificates`,
        ms(point.ms),
        `${(point.ms / point.certificates).toFixed(2)} ms`,
        mb(point.peakMb),
      ]),
      [
        `floor, ${figures.floor.certificates} certificates`,
        ms(figures.floor.ms),
        `${(figures.floor.ms / figures.floor.certificates).toFixed(2)} ms`,
        mb(figures.floor.peakMb),
      ],
      ['node -e 0', ms(figures.nodeEmptyMs), '', ''],
      ['@actions/core alone, bundled', ms(figures.toolkitMs), '', ''],
    ]),
    `time per certificate, least squares over ${figures.points.map((point) => point.certificates).join(', ')}: ` +
      `${ms(fit.interceptMs)} + ${fit.slopeMs.toFixed(2)} ms × certificates (r² = ${fit.r2.toFixed(3)}` +
      `${fit.r2 >= 0.99 ? ', linear' : ', NOT linear'})`,
    'floor: a bare node:crypto read + X509Certificate parse + verify under the CA of the same files, as its own process.',
    `@actions/core alone: a bundle built as the action is (ncc, minified, a CommonJS entry, the toolkit as installed here, patched) that imports the toolkit and logs one line: ${(figures.toolkitMs / figures.nodeEmptyMs).toFixed(1)}× node -e 0 before any work of the action's own; check over ${smallest.certificates} certificates is ${(smallest.ms / figures.toolkitMs).toFixed(1)}× it.`,
  ];
  const on = `, Node ${figures.node}`;
  return verdicts(lines, [
    ratioTarget(`check ${largest.certificates} / floor${on}`, large, TARGETS.largeRatio),
    ratioTarget(`check ${smallest.certificates} / node -e 0${on}`, small, TARGETS.smallRatio),
    ratioTarget(`peak memory ${largest.certificates} / floor${on}`, memory, TARGETS.memoryRatio),
    {
      name: `time per certificate${on}`,
      measured: `${fit.slopeMs.toFixed(2)} ms slope, r² ${fit.r2.toFixed(3)}`,
      goal: 'linear (r² ≥ 0.99)',
      met: fit.r2 >= 0.99,
    },
  ]);
}

function requestSection(figures: RequestFigures): Verdicts {
  const { shape } = figures;
  const optional = (value: number | undefined) => (value === undefined ? '–' : String(value));
  const lines = [
    `requests: ${shape.zones} zones × ${shape.certificatesPerZone} certificates × ${shape.hostnamesPerCertificate} hostnames, Cloudflare emulator, Node 24`,
    table([
      [
        'phase',
        'requests',
        'reads',
        'min reads',
        'writes',
        'plan writes',
        'per zone',
        `zones/${RATE_LIMIT.minutes} min`,
        'at minimum',
      ],
      ...figures.phases.map((phase) => [
        phase.phase,
        String(phase.requests),
        String(phase.reads),
        optional(phase.minimumReads),
        String(phase.writes),
        optional(phase.planWrites),
        phase.requestsPerZone.toFixed(1),
        String(phase.zonesPerWindow),
        phase.meetsMinimum ? 'yes' : 'NO',
      ]),
    ]),
    ...figures.phases.map(
      (phase) =>
        `  ${phase.phase}: ${Object.entries(phase.byOperation)
          .map(([operation, count]) => `${operation} ${count}`)
          .join(', ')}`,
    ),
    `zones/${RATE_LIMIT.minutes} min: how many zones of this shape fit in Cloudflare's ${RATE_LIMIT.requests.toLocaleString('en')} requests per ${RATE_LIMIT.minutes} minutes.`,
    ...figures.notes,
  ];
  const missed = figures.phases.filter((phase) => !phase.meetsMinimum).map((phase) => phase.phase);
  return verdicts(lines, [
    {
      name: 'deploy and scan requests',
      measured: missed.length === 0 ? 'every phase at its minimum' : `over in ${missed.join(', ')}`,
      goal: "the plan's minimum",
      met: missed.length === 0,
    },
  ]);
}

function waitingSection(figures: WaitingFigures): Verdicts {
  const { shape } = figures;
  const waitReads = figures.certificateReads;
  const met = waitReads <= figures.minimumWaitReads;
  return verdicts(
    [
      `waiting for "active" at Cloudflare's activation time: the emulator takes ${figures.activationSeconds} s from upload to active; ` +
        `a first deploy of ${shape.zones} zone × ${shape.certificatesPerZone} certificates, in real time (${figures.wallSeconds.toFixed(0)} s)`,
      table([
        [
          'uploads',
          'certificate reads while waiting',
          'per upload',
          'minimum',
          'hostname reads',
          'requests',
          'writes',
        ],
        [
          String(figures.uploads),
          String(waitReads),
          (waitReads / Math.max(1, figures.uploads)).toFixed(1),
          String(figures.minimumWaitReads),
          String(figures.hostnameReads),
          String(figures.requests),
          String(figures.writes),
        ],
      ]),
      'minimum: one certificate list per zone every 10 s (the longest poll interval) until all are active.',
    ],
    [
      {
        name: `reads waiting ${figures.activationSeconds} s for active`,
        measured: `${waitReads} for ${figures.uploads} uploads`,
        goal: `≤ ${figures.minimumWaitReads}`,
        met,
      },
    ],
  );
}

/**
 * `npm run` puts node_modules/.bin first on PATH, so `node` is the npm `node` package (Node 24) and
 * the runner's Node 20 (this process's own binary) would be Node 24 as well: run again under the
 * `node` found without node_modules/.bin.
 */
async function rerunOutsideNodeModules(): Promise<number> {
  const PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => !entry.endsWith(path.join('node_modules', '.bin')))
    .join(path.delimiter);
  const child = spawn('node', [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH },
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function machine(): string[] {
  const cpus = os.cpus();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  }).trim();
  return [
    `- date: ${new Date().toISOString()}, commit ${commit}`,
    `- ${os.type()} ${os.release()} ${os.arch()}; ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- load average at the start (1, 5, 15 min): ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}; ` +
      'the machine is shared, so compare ratios measured in the same run rather than absolute times',
  ];
}

function markdown(sections: string[][], command: string, machineLines: string[]): string {
  return [
    '# Benchmarks',
    '',
    `Generated by \`${command}\` (scripts/bench.ts); do not edit by hand. Every figure in a section comes from the same run.`,
    '',
    '## Machine',
    '',
    ...machineLines,
    '',
    '## Results',
    '',
    ...sections.flatMap((lines) => ['```text', ...lines, '```', '']),
    '## How to read it',
    '',
    '- **check** runs the bundled `dist/index.js` as the runner does (`test-support/runner.ts`) on a pull request whose base holds the same files: 10 certificates per zone, one RSA-2048 CA, every leaf signed with the same `cert.v3.ext`.',
    '- **floor** is the least any check could do: start Node, read each certificate file, parse it with `node:crypto` and verify its signature under the CA.',
    '- **lifetime** is how long each process ran from its start to its exit, as it measures itself, so the harness around a run is not counted; **per certificate** is the lifetime divided by the count; the fitted slope is the cost of one more certificate, the intercept the cost of starting.',
    '- **requests** counts what the emulator served, against what the plan needs at least (three state reads per zone, and the writes the plan lists).',
    '- **peak memory** is the largest resident set of the process. V8 sizes its young generation by how fast a program allocates, so parsing a large manifest (the YAML library allocates about 80 MB for 1,000 certificates) raises the peak even though little of it is kept.',
    '- **waiting** runs in real time, because the action sleeps between its polls: a small shape keeps it to a minute or two.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const sizes = options.sizes.split(',').map((size) => positive('sizes', size));
  const runs = positive('runs', options.runs);
  const runtimes = options.runtimes.split(',') as NodeRuntime[];
  const activationSeconds = positive('activation-seconds', options['activation-seconds']);
  const machineLines = machine();
  const bundle = bundleSection(await bundleSize());
  const check: CheckFigures = await benchCheck(sizes, runs, runtimes);
  const requests = await benchRequests({
    zones: positive('zones', options.zones),
    // Ten would fill every slot, and a zone with no free slot cannot rotate (the plan refuses to delete first).
    certificatesPerZone: 9,
    hostnamesPerCertificate: 100,
  });
  const waiting = await benchWaiting(activationSeconds, {
    zones: 1,
    certificatesPerZone: 2,
    hostnamesPerCertificate: 1,
  });
  const sections = [
    bundle,
    ...check.runtimes.map((figures) => runtimeSection(figures, runs)),
    requestSection(requests),
    waitingSection(waiting),
  ];
  const summary = targetTable(sections.flatMap((section) => section.targets));
  console.log(
    [summary, ...sections.map((section) => section.lines)].map((lines) => lines.join('\n')).join('\n\n'),
  );
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify({ check, requests, waiting }, null, 2)}\n`);
  }
  if (options.markdown) {
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
    await writeFile(
      options.markdown,
      markdown([summary, ...sections.map((section) => section.lines)], command, machineLines),
    );
  }
  if (sections.some((section) => !section.met)) process.exitCode = 1;
}

if (process.execPath === nodeBinary('node24')) {
  process.exitCode = await rerunOutsideNodeModules();
} else {
  await main();
}
