/** `npm run probe:live`: skips with a reason when not configured; against the emulator, runs every question and writes its report. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCloudflareEmulator, type CloudflareEmulator } from '../../test-support/cloudflare/emulator.js';
import { REPO_ROOT } from '../../test-support/runner.js';
import { ZONE } from './harness.js';

const TOKEN = 'probe-token-5d1c9e';

let emulator: CloudflareEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function probe(
  extra: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AOP_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/probe-live.ts'], {
      cwd: REPO_ROOT,
      env: { ...environment, ...extra },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('probe:live', () => {
  it('skips with a clear reason when AOP_LIVE_* are unset, writing nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'probe-'));
    const report = path.join(dir, 'report.md');
    const result = await probe({ AOP_PROBE_REPORT: report });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/probe:live skipped: AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN are not set/);
    expect(existsSync(report)).toBe(false);
  });

  it.each(['default', 'all'] as const)(
    'asks every question of the %s dialect, cleans up, and writes the Markdown report',
    async (dialect) => {
      emulator = await startCloudflareEmulator({ token: TOKEN, zones: [ZONE], statusStepMs: 50, dialect });
      const dir = await mkdtemp(path.join(tmpdir(), 'probe-'));
      const report = path.join(dir, 'report.md');
      const result = await probe({
        AOP_LIVE_ZONE_ID: ZONE,
        AOP_LIVE_API_TOKEN: TOKEN,
        AOP_LIVE_HOSTNAME: 'probe.example.com',
        AOP_LIVE_API_URL: emulator.url,
        AOP_PROBE_REPORT: report,
        AOP_PROBE_READS_AT: '0,0.2',
        AOP_PROBE_ACTIVE_TIMEOUT: '10',
      });
      expect(result.code, result.stderr).toBe(0);
      const text = await readFile(report, 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(ZONE);
      expect(text).not.toMatch(/PRIVATE KEY/);
      const answer = (question: string) => new RegExp(`\\| ${question} \\| ([^\\n]*) \\|`).exec(text)?.[1];
      expect(answer('Upload to active')).toMatch(/^active after/);
      expect(answer('PUT to association active')).toMatch(/^active after/);
      expect(answer('A voided association reads back as')).toMatch(/0 s: GET one/);
      expect(answer('A deleted certificate reads back as')).toMatch(/0\.2 s: GET: HTTP/);
      if (dialect === 'all') {
        expect(answer('Association list \\(GET …/hostnames\\) served')).toMatch(/HTTP 405/);
        expect(answer('Duplicate upload')).toMatch(/HTTP 400, 1406/);
        expect(answer('Certificate-list item shape')).toMatch(/^no items|association-shaped/);
        expect(answer('A deleted certificate reads back as')).toMatch(/0\.2 s: GET: HTTP 200 status deleted/);
      } else {
        expect(answer('Association list \\(GET …/hostnames\\) served')).toMatch(
          /status=all&per_page=1000: HTTP 200/,
        );
        expect(answer('Duplicate upload')).toMatch(/HTTP 409, 1220/);
        expect(answer('A deleted certificate reads back as')).toMatch(/0\.2 s: GET: HTTP 404/);
      }
      // Nothing left behind in the zone, once the deletions it asked for are over.
      expect(emulator.certificates(ZONE).filter((c) => c.status !== 'pending_deletion')).toEqual([]);
      expect(emulator.associations(ZONE).filter((a) => a.enabled !== null)).toEqual([]);
      expect(emulator.invariantViolations()).toEqual([]);
    },
  );
});
