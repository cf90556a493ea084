/**
 * `npm run bench` (DESIGN §7): what users feel, in one run. `check` wall time over N certificates
 * against the node:crypto floor and the cold start, on Node 24 and Node 20; requests made by
 * `deploy` and `scan` against the emulator, against the minimum each plan needs, projected onto
 * Cloudflare's 1,200 requests per 5 minutes.
 * Run: npm run bench -- [--certificates 200] [--zones 3] [--runs 5] [--json bench.json]
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nodeBinary } from '../test-support/runner.js';
import { benchCheck, type CheckFigures } from './bench-check.js';
import { benchRequests, RATE_LIMIT, type RequestFigures } from './bench-requests.js';

const { values: options } = parseArgs({
  options: {
    certificates: { type: 'string', default: '200' },
    zones: { type: 'string', default: '3' },
    runs: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});

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
        .join('  '),
    )
    .join('\n');
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function checkTable(figures: CheckFigures): string {
  const perCertificate = (value: number) => `${(value / figures.certificates).toFixed(2)} ms/cert`;
  const columns = figures.runtimes;
  return [
    `check: ${figures.certificates} certificates in ${figures.zones} zones, offline, median of ${figures.runs} runs of dist/index.js`,
    table([
      ['', ...columns.map((runtime) => `Node ${runtime.node}`)],
      ['check', ...columns.map((runtime) => ms(runtime.checkMs))],
      ['cold start (nothing to check)', ...columns.map((runtime) => ms(runtime.coldStartMs))],
      ['check − cold start', ...columns.map((runtime) => ms(runtime.checkMinusColdStartMs))],
      ['  per certificate', ...columns.map((runtime) => perCertificate(runtime.checkMinusColdStartMs))],
      ['node -e 0', ...columns.map((runtime) => ms(runtime.nodeEmptyMs))],
    ]),
    `floor: node:crypto read + parse + verify of the same files, in-process on Node ${figures.floorNode}: ` +
      `${ms(figures.floorMs)} (${perCertificate(figures.floorMs)})`,
  ].join('\n');
}

function requestTable(figures: RequestFigures): string {
  const { shape } = figures;
  const optional = (value: number | undefined) => (value === undefined ? '–' : String(value));
  return [
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
  ].join('\n');
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

async function main(): Promise<void> {
  const certificates = positive('certificates', options.certificates);
  const runs = positive('runs', options.runs);
  const shape = {
    zones: positive('zones', options.zones),
    // Ten would fill every slot, and a zone with no free slot cannot rotate (the plan refuses to delete first).
    certificatesPerZone: 9,
    hostnamesPerCertificate: 100,
  };
  const check = await benchCheck(certificates, runs);
  const requests = await benchRequests(shape);
  console.log(`${checkTable(check)}\n\n${requestTable(requests)}`);
  if (options.json) await writeFile(options.json, `${JSON.stringify({ check, requests }, null, 2)}\n`);
  if (requests.phases.some((phase) => !phase.meetsMinimum)) process.exitCode = 1;
}

if (process.execPath === nodeBinary('node24')) {
  process.exitCode = await rerunOutsideNodeModules();
} else {
  await main();
}
