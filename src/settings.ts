/** The only reader of the action's inputs and event: returns one typed, validated Settings. */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import type { FailOnScan } from './scan/types.js';
import { maskSecret } from './secrets.js';

export type Command = 'check' | 'deploy' | 'scan' | 'verify-origin' | 'renew' | 'import';
/** How origin probes count: not run, warnings, or errors. */
export type VerifyOrigin = 'off' | 'warn' | 'enforce';

export type CloudflareAuthSetting =
  { kind: 'token'; token: string } | { kind: 'global-key'; email: string; key: string };

export interface PullRequestContext {
  number: number;
  baseSha?: string;
  baseRef?: string;
  headSha?: string;
  /** The PR comes from a fork: no secrets, a read-only token. */
  fromFork: boolean;
}

export interface EventContext {
  name: string;
  sha: string;
  ref: string;
  owner: string;
  repo: string;
  defaultBranch?: string;
  pullRequest?: PullRequestContext;
}

export interface Settings {
  command: Command;
  /** Absolute path of the repository root (GITHUB_WORKSPACE). */
  workspace: string;
  /** Manifest path relative to the repository root. */
  config: string;
  /** Zone names to act on; empty means all. */
  zones: string[];
  cloudflare?: { apiUrl: string; auth: CloudflareAuthSetting };
  githubToken: string;
  githubApiUrl: string;
  dryRun: boolean;
  comment: boolean;
  warnDays: number;
  failDays: number;
  deleteReplaced: boolean;
  prune: boolean;
  waitActiveSeconds: number;
  failOnScan: FailOnScan;
  issueLabels: string[];
  issueAssignees: string[];
  verifyOrigin: VerifyOrigin;
  /** scan also proposes renewals (as `command: renew` does). */
  renew: boolean;
  /** Certificates to renew whatever their expiry: `name` or `zone/name`. */
  renewNames: string[];
  /** import: zone IDs, or `name=id` pairs. */
  importZoneIds: string[];
  event: EventContext;
  runner: RunnerContext;
}

/** What the runner gives a job besides inputs and the event. */
export interface RunnerContext {
  /** For links to the repository and the run: `https://github.com` or a GitHub Enterprise host. */
  serverUrl: string;
  /** Link to this workflow run, when the runner says which run it is. */
  runUrl?: string;
  /** The runner provides a job summary file (not so when run by hand). */
  hasSummary: boolean;
  /** The job's environment: the variables `private-key` entries name are read from it. */
  environment: Readonly<Record<string, string | undefined>>;
}

function runnerContext(event: EventContext): RunnerContext {
  const serverUrl = process.env.GITHUB_SERVER_URL || 'https://github.com';
  const runId = process.env.GITHUB_RUN_ID;
  return {
    serverUrl,
    runUrl: runId ? `${serverUrl}/${event.owner}/${event.repo}/actions/runs/${runId}` : undefined,
    hasSummary: Boolean(process.env.GITHUB_STEP_SUMMARY),
    environment: process.env,
  };
}

function input(name: string): string {
  return core.getInput(name).trim();
}

function secretInput(name: string): string {
  const value = input(name);
  maskSecret(value);
  return value;
}

function booleanInput(name: string): boolean {
  const value = input(name).toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UserError(`Input "${name}" must be true or false, got "${input(name)}".`);
}

function integerInput(name: string, min: number, max: number): number {
  const raw = input(name);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UserError(`Input "${name}" must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function oneOf<T extends string>(name: string, allowed: readonly T[]): T {
  const value = input(name).toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`Input "${name}" must be one of ${allowed.join(', ')}, got "${input(name)}".`);
}

function listInput(name: string): string[] {
  return input(name)
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The Global API key is allowed (the seed uses it); the Cloudflare client warns when it is used. */
function cloudflareAuth(): CloudflareAuthSetting | undefined {
  const token = secretInput('api-token');
  const email = input('auth-email');
  const key = secretInput('auth-key');
  if (token && (email || key)) {
    throw new UserError(
      'Inputs "api-token" and "auth-email"/"auth-key" are both set: use one authentication style. ' +
        'Keep "api-token" (a scoped token) and remove the other two.',
    );
  }
  if (token) return { kind: 'token', token };
  if (email || key) {
    if (!email || !key) {
      throw new UserError(
        `Input "${email ? 'auth-key' : 'auth-email'}" is empty: the legacy style needs both "auth-email" and "auth-key". ` +
          'Better, use "api-token" with the "SSL and Certificates" permission.',
      );
    }
    return { kind: 'global-key', email, key };
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** https, or http to this machine only (an emulator, a local proxy): a token never crosses a network in clear. */
function apiUrl(): string {
  const raw = input('api-url');
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    return raw.replace(/\/+$/, '');
  }
  throw new UserError(
    `Input "api-url" must be an https URL (http only for localhost), got "${raw}": the API token would travel in clear.`,
  );
}

/** The parts of the webhook payload the action reads. */
interface EventPayload {
  repository?: { name?: string; owner?: { login?: string }; default_branch?: string };
  pull_request?: {
    number: number;
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } };
    head?: { sha?: string; repo?: { full_name?: string } };
  };
}

/**
 * The event's payload, read the way the runner hands it over (the file GITHUB_EVENT_PATH names).
 * Read here rather than through `@actions/github`'s context, whose import loads Octokit and
 * undici: a check that posts nothing should not pay for them at start-up.
 */
function eventPayload(): EventPayload {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    core.info(`GITHUB_EVENT_PATH ${file} does not exist: the event's payload is taken as empty.`);
    return {};
  }
  try {
    return JSON.parse(text) as EventPayload;
  } catch (error) {
    throw new UserError(
      `The event payload ${file} (GITHUB_EVENT_PATH) is not JSON: ${(error as Error).message}. ` +
        'The runner writes this file; outside GitHub, point GITHUB_EVENT_PATH at a JSON file or unset it.',
    );
  }
}

function eventContext(): EventContext {
  const payload = eventPayload();
  const pr = payload.pull_request;
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    name: process.env.GITHUB_EVENT_NAME ?? '',
    sha: process.env.GITHUB_SHA ?? '',
    ref: process.env.GITHUB_REF ?? '',
    owner: owner || (payload.repository?.owner?.login ?? ''),
    repo: repo || (payload.repository?.name ?? ''),
    defaultBranch: payload.repository?.default_branch,
    pullRequest: pr
      ? {
          number: pr.number,
          baseSha: pr.base?.sha,
          baseRef: pr.base?.ref,
          headSha: pr.head?.sha,
          fromFork: Boolean(
            pr.head?.repo && pr.base?.repo && pr.head.repo.full_name !== pr.base.repo.full_name,
          ),
        }
      : undefined,
  };
}

const PR_EVENTS = ['pull_request', 'pull_request_target', 'merge_group'];

/** `command: auto` follows DESIGN §3; any other event asks for an explicit command. */
export function commandFor(requested: string, event: EventContext): Command {
  if (requested !== 'auto') return requested as Command;
  if (PR_EVENTS.includes(event.name)) return 'check';
  if (event.name === 'schedule') return 'scan';
  if (event.name === 'push') {
    const branch = event.ref.replace(/^refs\/heads\//, '');
    if (event.defaultBranch && branch === event.defaultBranch) return 'deploy';
    throw new UserError(
      `"command: auto" deploys only on a push to the default branch (${event.defaultBranch ?? 'unknown'}), ` +
        `and this push is to "${branch}". Set "command: check" for other branches, or run on the default branch.`,
    );
  }
  throw new UserError(
    `"command: auto" does not know what to do on a "${event.name}" event. ` +
      'Set "command" to check, deploy or scan (for example "command: scan" on workflow_dispatch).',
  );
}

function workspaceRoot(): string {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}

function configPath(workspace: string): string {
  const raw = input('config') || 'aop-certs.yml';
  const resolved = path.resolve(workspace, raw);
  const relative = path.relative(workspace, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UserError(`Input "config" must be a path inside the repository, got "${raw}".`);
  }
  return relative.split(path.sep).join('/');
}

export function readSettings(): Settings {
  const event = eventContext();
  const command = commandFor(
    oneOf('command', ['auto', 'check', 'deploy', 'scan', 'verify-origin', 'renew', 'import'] as const),
    event,
  );
  const workspace = workspaceRoot();
  const auth = cloudflareAuth();
  const warnDays = integerInput('warn-days', 0, 3650);
  const failDays = integerInput('fail-days', 0, 3650);
  if (failDays > warnDays) {
    throw new UserError(`Input "fail-days" (${failDays}) must not be larger than "warn-days" (${warnDays}).`);
  }
  return {
    command,
    workspace,
    config: configPath(workspace),
    zones: listInput('zones'),
    cloudflare: auth ? { apiUrl: apiUrl(), auth } : undefined,
    githubToken: secretInput('github-token'),
    githubApiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    dryRun: booleanInput('dry-run'),
    comment: booleanInput('comment'),
    warnDays,
    failDays,
    deleteReplaced: booleanInput('delete-replaced'),
    prune: booleanInput('prune'),
    waitActiveSeconds: integerInput('wait-active-seconds', 0, 3600),
    failOnScan: oneOf('fail-on-scan', ['never', 'warning', 'critical'] as const),
    issueLabels: listInput('issue-labels'),
    issueAssignees: listInput('issue-assignees'),
    verifyOrigin: oneOf('verify-origin', ['off', 'warn', 'enforce'] as const),
    // Empty only when run outside the runner (which applies action.yml's default, false).
    renew: input('renew') === '' ? false : booleanInput('renew'),
    renewNames: listInput('renew-names'),
    importZoneIds: listInput('import-zone-ids'),
    event,
    runner: runnerContext(event),
  };
}
