/**
 * `scan` of the bundled action against a real zone, read-only. Opt-in: `npm run bundle`, then
 * `npm run test:live` with AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN ("SSL and Certificates Read" is
 * enough). AOP_LIVE_ZONE_NAME and AOP_LIVE_HOSTNAME name the zone and a hostname in it (defaults
 * are placeholders: the scan keys on the zone ID); AOP_LIVE_API_URL overrides the base URL. The
 * tracking issue goes to the local GitHub emulator, never to a real repository.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_TOKEN, startGitHubEmulator, type GitHubEmulator } from '../test-support/github/index.js';
import { makeCA, makeLeaf } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { REPO_ROOT, runAction } from '../test-support/runner.js';

const zoneId = process.env.AOP_LIVE_ZONE_ID ?? '';
const token = process.env.AOP_LIVE_API_TOKEN ?? '';
const zoneName = process.env.AOP_LIVE_ZONE_NAME || 'example.com';
const hostname = process.env.AOP_LIVE_HOSTNAME || `aop-certs-live-scan.${zoneName}`;
const apiUrl = process.env.AOP_LIVE_API_URL || 'https://api.cloudflare.com/client/v4';
const configured = zoneId !== '' && token !== '';

describe.skipIf(!configured)('scan against a real zone', () => {
  let github: GitHubEmulator;

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('Run `npm run bundle` first.');
    github = await startGitHubEmulator();
    github.addRepo('acme/edge');
  });
  afterAll(() => github?.close());

  it('reads certificates, every association page and the setting, and reports the undeployed leaf', async () => {
    const ca = await makeCA({ cn: 'aop-certs live scan CA' });
    const leaf = await makeLeaf(ca, { dns: [hostname], days: 60 });
    const workspace = await makeRepo({
      'aop-certs.yml': `version: 1\nzones:\n  - zone: ${zoneName}\n    zone-id: ${zoneId}\n    origin-ca: pki/rootca.crt\n    certificates:\n      - name: live\n        certificate: pki/live.crt\n        hostnames: [${hostname}]\n`,
      'pki/rootca.crt': ca.certPem,
      'pki/live.crt': leaf.certPem,
    });
    const result = await runAction({
      workspace,
      eventName: 'schedule',
      ref: 'refs/heads/main',
      githubApiUrl: github.url,
      inputs: { 'api-token': token, 'api-url': apiUrl, 'github-token': JOB_TOKEN, 'fail-on-scan': 'never' },
    });
    const notes = result.summary.split('\n').filter((line) => line.startsWith('> '));
    console.log(`live scan: exit ${result.exitCode}\n${notes.join('\n')}`);
    expect(result.exitCode, result.stdout).toBe(0);
    const findings = JSON.parse(result.outputs.findings ?? '[]') as { rule: string; message: string }[];
    expect(findings.filter((finding) => finding.rule === 'cloudflare.unreadable')).toEqual([]);
    // Freshly made, never uploaded: its hostname is not served by it.
    expect(findings.some((finding) => /^scan\.hostname_(not_served|drift)$/.test(finding.rule))).toBe(true);
    expect(result.summary).toMatch(/Cloudflare: \d+ requests for 1 zone\(s\) read/);
    const visible = result.everything
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(visible).not.toContain(token);
  });
});

if (!configured) {
  console.warn('live scan test skipped: AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN are not set');
  describe('scan against a real zone', () => {
    it.skip('skipped: set AOP_LIVE_ZONE_ID and AOP_LIVE_API_TOKEN (a throwaway zone) to run it', () => {});
  });
}
