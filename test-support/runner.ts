/**
 * Runs the bundled action as the GitHub runner does: `node dist/index.js` with INPUT_* (with
 * action.yml's defaults filled in, as the runner does), an event payload file, and the file
 * commands GITHUB_OUTPUT / GITHUB_STEP_SUMMARY. Returns everything a user could see, after checking
 * every output against its schema.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { assertOutputsMatchSchemas } from './output-schemas.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FAKE_GITHUB_TOKEN = 'ghs_e2eFakeJobToken0123456789abcdef';

/**
 * The bundle the tests run: dist/ by default; AOP_DIST_DIR points them at another build (CI runs
 * them once on the fresh build and once on the committed dist/, which is what users get).
 */
export function distEntry(): string {
  const folder = process.env.AOP_DIST_DIR
    ? path.resolve(REPO_ROOT, process.env.AOP_DIST_DIR)
    : path.join(REPO_ROOT, 'dist');
  return path.join(folder, 'index.js');
}

export type NodeRuntime = 'node20' | 'node24';

/**
 * node24: the npm `node` package (what `runs.using: node24` gets). node20: the machine's own
 * node, found on PATH outside node_modules, because `npm run` puts the npm package's binary
 * (Node 24) first, so even `process.execPath` may be Node 24.
 */
export function nodeBinary(runtime: NodeRuntime): string {
  if (runtime === 'node24') return path.join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
  const candidates = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((folder) => folder && !folder.includes('node_modules'))
    .map((folder) => path.join(folder, 'node'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('No node on PATH outside node_modules: cannot run the Node 20 e2e tests.');
  return found;
}

export interface RunOptions {
  workspace: string;
  inputs?: Record<string, string>;
  eventName?: string;
  payload?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Default node24: what `runs.using: node24` gets on GitHub. */
  runtime?: NodeRuntime;
  sha?: string;
  ref?: string;
  repository?: string;
  githubApiUrl?: string;
  /** Given the spawned process, e.g. to kill it mid-run as a cancelled job or a lost runner would. */
  onSpawn?: (child: ChildProcess) => void;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** Every channel a user or a log could see, joined, for leak checks. */
  everything: string;
}

/** Everything a user or a log could see, less the `::add-mask::` commands that register secrets. */
/** A finding as the `findings` output carries it. */
export interface FindingOutput {
  severity: string;
  rule: string;
  message: string;
  fix: string | null;
  certificate: string | null;
}

/** The run's `findings` output; with `rulePrefix`, only the rules it starts (e.g. `origin.`). */
export function findingsOf(result: RunResult, rulePrefix = ''): FindingOutput[] {
  const all = JSON.parse(result.outputs.findings ?? '[]') as FindingOutput[];
  return all.filter((finding) => finding.rule.startsWith(rulePrefix));
}

export function visibleText(result: RunResult): string {
  return result.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** The lines of a PEM key that are secret (its base64 body), for leak checks. */
export function keyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 8 && !line.startsWith('-----'));
}

export async function actionDefaults(): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    defaults[name] = (spec.default ?? '').replace('${{ github.token }}', FAKE_GITHUB_TOKEN);
  }
  return defaults;
}

/** GITHUB_OUTPUT holds `name<<delimiter\nvalue\ndelimiter` entries. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

function unescapeCommand(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const match of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const [key, ...value] = pair.split('=');
      properties[key!] = unescapeCommand(value.join('='));
    }
    annotations.push({
      level: match[1] as Annotation['level'],
      properties,
      message: unescapeCommand(match[3]!),
    });
  }
  return annotations;
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const temp = await mkdtemp(path.join(tmpdir(), 'aop-run-'));
  const files = {
    output: path.join(temp, 'output'),
    summary: path.join(temp, 'summary'),
    event: path.join(temp, 'event.json'),
    state: path.join(temp, 'state'),
    env: path.join(temp, 'env'),
  };
  await Promise.all([files.output, files.summary, files.state, files.env].map((file) => writeFile(file, '')));
  await writeFile(files.event, JSON.stringify(options.payload ?? {}));
  // A run given no GitHub emulator gets no GitHub token, as if the workflow passed none.
  const noGitHub = options.githubApiUrl ? {} : { 'github-token': '' };
  const inputs = { ...(await actionDefaults()), ...noGitHub, ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: options.sha ?? 'a'.repeat(40),
    GITHUB_REF: options.ref ?? 'refs/pull/1/merge',
    GITHUB_REPOSITORY: options.repository ?? 'acme/edge',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    RUNNER_TEMP: temp,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(nodeBinary(options.runtime ?? 'node24'), [distEntry()], {
    cwd: options.workspace,
    env,
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputText = await readFile(files.output, 'utf8');
  const summary = await readFile(files.summary, 'utf8');
  const outputs = parseOutputFile(outputText);
  assertOutputsMatchSchemas(outputs);
  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    annotations: parseAnnotations(stdout),
    everything: [stdout, stderr, outputText, summary].join('\n'),
  };
}
