/** readSettings reads the event the way the runner hands it over: GITHUB_EVENT_NAME and the payload file. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/settings.js';

const INPUTS = {
  INPUT_COMMAND: 'auto',
  'INPUT_WARN-DAYS': '30',
  'INPUT_FAIL-DAYS': '14',
  'INPUT_DRY-RUN': 'false',
  INPUT_COMMENT: 'true',
  'INPUT_DELETE-REPLACED': 'true',
  INPUT_PRUNE: 'false',
  'INPUT_WAIT-ACTIVE-SECONDS': '300',
  'INPUT_FAIL-ON-SCAN': 'critical',
  'INPUT_VERIFY-ORIGIN': 'warn',
};

function withEnv(env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries({ ...INPUTS, ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return readSettings();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

async function payloadFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'aop-event-')), 'event.json');
  await writeFile(file, text);
  return file;
}

describe('readSettings: the event', () => {
  it("reads a pull request's numbers, base and head from the payload file", async () => {
    const file = await payloadFile(
      JSON.stringify({
        pull_request: {
          number: 7,
          base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/edge' } },
          head: { sha: 'c'.repeat(40), repo: { full_name: 'someone/edge' } },
        },
        repository: { name: 'edge', owner: { login: 'acme' }, default_branch: 'main' },
      }),
    );
    const settings = withEnv({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: file,
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REPOSITORY: undefined,
    });
    expect(settings.command).toBe('check');
    expect(settings.event).toEqual({
      name: 'pull_request',
      sha: 'a'.repeat(40),
      ref: 'refs/pull/7/merge',
      owner: 'acme',
      repo: 'edge',
      defaultBranch: 'main',
      pullRequest: {
        number: 7,
        baseSha: 'b'.repeat(40),
        baseRef: 'main',
        headSha: 'c'.repeat(40),
        fromFork: true,
      },
    });
  });

  it('takes a missing payload file as an empty payload', () => {
    const settings = withEnv({
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_EVENT_PATH: path.join(tmpdir(), 'aop-no-such-event.json'),
      GITHUB_REPOSITORY: 'acme/edge',
    });
    expect(settings.command).toBe('scan');
    expect(settings.event.pullRequest).toBeUndefined();
    expect(settings.event.owner).toBe('acme');
  });

  it('names the payload file that is not JSON, and says how to fix it', async () => {
    const file = await payloadFile('{"pull_request": ');
    expect(() => withEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file })).toThrow(
      new RegExp(
        `The event payload ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(GITHUB_EVENT_PATH\\) is not JSON: .*point GITHUB_EVENT_PATH at a JSON file or unset it`,
      ),
    );
  });
});
