import { afterEach, beforeEach } from 'vitest';
import { createGitHub, type GitHub, type GitHubOptions } from '../../src/github/index.js';
import {
  JOB_TOKEN,
  startGitHubEmulator,
  type GitHubEmulator,
  type RepoState,
} from '../../test-support/github/index.js';

export interface Harness {
  emulator: GitHubEmulator;
  repo: RepoState;
  /** A client for `octo/app`; pass another token or options to vary it. */
  client(overrides?: Partial<GitHubOptions>): GitHub;
  log: string[];
}

/** A fresh emulator with repository `octo/app` (default branch `main`) around each test. */
export function useGitHubEmulator(): Harness {
  const harness = { log: [] as string[] } as unknown as Harness;
  beforeEach(async () => {
    harness.emulator = await startGitHubEmulator();
    harness.repo = harness.emulator.addRepo('octo/app');
    harness.log = [];
    harness.client = (overrides = {}) =>
      createGitHub({
        token: JOB_TOKEN,
        apiUrl: harness.emulator.url,
        owner: 'octo',
        repo: 'app',
        log: (line) => harness.log.push(line),
        retry: { retries: 2, retryAfterBaseMs: 1 },
        commitPullsDelaysMs: [5, 5, 5],
        ...overrides,
      });
  });
  afterEach(async () => {
    await harness.emulator.close();
  });
  return harness;
}

/** Requests that change something: every one but GETs and the GraphQL query asking who the token is. */
export const writes = (emulator: GitHubEmulator) =>
  emulator.requests.filter((request) => request.method !== 'GET' && request.path !== '/graphql');
