import { afterEach, describe, expect, it, vi } from 'vitest';

const INPUTS = {
  INPUT_COMMAND: 'scan',
  'INPUT_WARN-DAYS': '30',
  'INPUT_FAIL-DAYS': '14',
  'INPUT_DRY-RUN': 'false',
  INPUT_COMMENT: 'true',
  'INPUT_DELETE-REPLACED': 'true',
  INPUT_PRUNE: 'false',
  'INPUT_WAIT-ACTIVE-SECONDS': '300',
  'INPUT_FAIL-ON-SCAN': 'critical',
  'INPUT_VERIFY-ORIGIN': 'warn',
  GITHUB_REPOSITORY: 'acme/edge',
};

async function runnerWith(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries({ ...INPUTS, ...env })) vi.stubEnv(name, value);
  const { readSettings } = await import('../../src/settings.js');
  return readSettings().runner;
}

afterEach(() => vi.unstubAllEnvs());

describe('readSettings: what the runner gives besides inputs', () => {
  it('links the run on the server the runner names (GitHub Enterprise too)', async () => {
    const runner = await runnerWith({
      GITHUB_SERVER_URL: 'https://git.example.com',
      GITHUB_RUN_ID: '42',
      GITHUB_STEP_SUMMARY: '/tmp/summary',
      AOP_KEY_APP: 'a key',
    });
    expect(runner).toMatchObject({
      serverUrl: 'https://git.example.com',
      runUrl: 'https://git.example.com/acme/edge/actions/runs/42',
      hasSummary: true,
    });
    expect(runner.environment.AOP_KEY_APP).toBe('a key');
  });

  it('falls back to github.com, and has no run link or summary when run by hand', async () => {
    const runner = await runnerWith({
      GITHUB_SERVER_URL: undefined,
      GITHUB_RUN_ID: undefined,
      GITHUB_STEP_SUMMARY: undefined,
    });
    expect(runner).toMatchObject({ serverUrl: 'https://github.com', runUrl: undefined, hasSummary: false });
  });
});
