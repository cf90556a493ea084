/** `scan` end to end: the bundled action on a schedule, against the Cloudflare and GitHub emulators. */
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';
import {
  JOB_TOKEN,
  READ_ONLY_TOKEN,
  STRANGER,
  startGitHubEmulator,
  type Issue,
} from '../test-support/github/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { runAction, type NodeRuntime, type RunResult } from '../test-support/runner.js';
import { deployWorld, REPOSITORY, ZONE_ID, type CertificateSpec, type DeployWorld } from './deploy-world.js';

const MARKER = '<!-- aop-certs:scan path=aop-certs.yml -->';
const HOSTNAMES = ['app.example.com', 'www.example.com'];

let ca: Issued;
let otherCa: Issued;
let world: DeployWorld | undefined;

function scan(
  target: DeployWorld,
  inputs: Record<string, string> = {},
  runtime: NodeRuntime = 'node20',
): Promise<RunResult> {
  return runAction({
    runtime,
    workspace: target.workspace,
    eventName: 'schedule',
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    githubApiUrl: target.github.url,
    payload: { schedule: '0 6 * * *' },
    inputs: { 'api-token': target.cf.token, 'api-url': target.cf.url, 'github-token': JOB_TOKEN, ...inputs },
  });
}

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

function rulesOf(result: RunResult): { rule: string; severity: string; message: string }[] {
  return json(result, 'findings');
}

const trackingIssues = (target: DeployWorld): Issue[] =>
  target.repoState.issues.filter((issue) => issue.body.includes(MARKER));

/** The manifest in the repository and the same certificates already serving in Cloudflare. */
async function deployed(specs: CertificateSpec[]): Promise<DeployWorld> {
  const created = await deployWorld();
  await created.commit(ca, specs);
  for (const spec of specs)
    created.cf.seedCertificate(ZONE_ID, spec.leaf.certPem, { hostnames: spec.hostnames });
  return created;
}

beforeAll(async () => {
  ca = await makeCA();
  otherCa = await makeCA({ cn: 'Another Team CA' });
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('scan', () => {
  it('passes a clean account without opening an issue, with three requests for the zone (Node 24)', async () => {
    const app = await makeLeaf(ca, { dns: HOSTNAMES, days: 400 });
    world = await deployed([{ name: 'app', leaf: app, hostnames: HOSTNAMES }]);
    const result = await scan(world, {}, 'node24');
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.repoState.issues).toEqual([]);
    const [row] = json<{ name: string; id: string; status: string; 'days-left': number }[]>(
      result,
      'certificates',
    );
    expect(row).toMatchObject({ name: 'app', id: world.cf.certificates(ZONE_ID)[0]!.id, status: 'active' });
    expect(row!['days-left']).toBeGreaterThan(390);
    expect(json(result, 'expiring')).toEqual([]);
    expect(rulesOf(result)).toEqual([]);
    expect(result.summary).toContain('aop-certs scan: ✅ passed');
    expect(result.summary).toContain('Cloudflare: 3 requests for 1 zone(s) read (0 retried).');
    expect(result.summary).toContain('The zone-level AOP setting is off in 1 zone(s) (example.com)');
    expect(world.cf.writeCount()).toBe(0);
  });

  it('opens one issue for a certificate 10 days from expiry, updates it on the next run, closes it after a rotation', async () => {
    const soon = await makeLeaf(ca, { dns: HOSTNAMES, days: 10 });
    world = await deployed([{ name: 'app', leaf: soon, hostnames: HOSTNAMES }]);

    const first = await scan(world, {
      'issue-assignees': 'octocat',
      'issue-labels': 'aop-certs, certificates',
    });
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toMatch(/^::error::aop-certs scan: ❌ failed/m);
    expect(rulesOf(first)).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'error' }),
    );
    expect(rulesOf(first).filter((finding) => finding.rule.startsWith('validity.'))).toEqual([]);
    expect(json<{ name: string }[]>(first, 'expiring').map((row) => row.name)).toEqual(['app']);
    const [issue] = trackingIssues(world);
    expect(trackingIssues(world)).toHaveLength(1);
    expect(issue).toMatchObject({
      state: 'open',
      labels: ['aop-certs', 'certificates'],
      assignees: ['octocat'],
    });
    expect(issue!.title).toBe('AOP certificates need action: 1 critical, 0 warning');
    expect(issue!.body).toContain('#### Renew (1)');
    expect(issue!.body).toContain(
      '-CA pki/rootca.crt -CAkey rootca.key -CAcreateserial -out pki/app.crt -days 730',
    );
    expect(issue!.body).toContain('```mermaid\ngantt');
    expect(first.summary).toContain(`Tracking issue #\u2060${issue!.number} created`);
    expect(first.outputs).toMatchObject({
      'issue-number': String(issue!.number),
      'issue-url': expect.stringMatching(new RegExp(`/issues/${issue!.number}$`)),
      'expiring-count': '1',
      'comment-url': '',
    });
    expect(Number(first.outputs.errors)).toBe(
      rulesOf(first).filter((found) => found.severity === 'error').length,
    );

    const again = await scan(world);
    expect(again.exitCode).toBe(1);
    expect(trackingIssues(world).map((open) => open.number)).toEqual([issue!.number]);
    expect(again.summary).toMatch(new RegExp(`Tracking issue #\u2060${issue!.number} (updated|unchanged)`));

    world.cf.seedCertificate(ZONE_ID, (await makeLeaf(otherCa, { dns: ['www.example.com'] })).certPem, {
      hostnames: ['www.example.com'],
    });
    const drifted = await scan(world);
    expect(drifted.summary).toContain(`Tracking issue #\u2060${issue!.number} updated`);
    expect(trackingIssues(world).map((open) => open.number)).toEqual([issue!.number]);
    expect(world.repoState.issue(issue!.number)!.body).toContain('#### Re-run deploy (1)');

    const renewed = await makeLeaf(ca, { dns: HOSTNAMES, days: 400 });
    // www is served by a leaf of another CA: taking it back is a CA change, as the issue advised.
    expect(world.repoState.issue(issue!.number)!.body).toContain('ca-rollover: true');
    await world.commit(ca, [{ name: 'app', leaf: renewed, hostnames: HOSTNAMES }], '    ca-rollover: true\n');
    const rotation = await world.deploy();
    expect(rotation.exitCode, rotation.stdout).toBe(0);
    const after = await scan(world);
    expect(after.exitCode, after.stdout).toBe(0);
    expect(world.repoState.issue(issue!.number)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(world.repoState.commentsOn(issue!.number).at(-1)!.body).toMatch(/^✅ All clear/);
    expect(after.summary).toContain(`tracking issue #\u2060${issue!.number} closed`);
    expect(after.outputs).toMatchObject({
      'issue-number': String(issue!.number),
      errors: '0',
      'expiring-count': '0',
    });
    expect(trackingIssues(world)).toHaveLength(1);
  });

  it('reports an orphan, a drifted hostname, an unserved one and a stuck deletion; fail-on-scan decides the step', async () => {
    const app = await makeLeaf(ca, { dns: HOSTNAMES });
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    world = await deployWorld();
    await world.commit(ca, [
      { name: 'app', leaf: app, hostnames: HOSTNAMES },
      { name: 'api', leaf: api, hostnames: ['api.example.com'] },
    ]);
    world.cf.seedCertificate(ZONE_ID, app.certPem, { hostnames: ['app.example.com'] });
    const foreign = world.cf.seedCertificate(
      ZONE_ID,
      (await makeLeaf(otherCa, { dns: ['www.example.com'] })).certPem,
      {
        hostnames: ['www.example.com'],
      },
    );
    const orphan = world.cf.seedCertificate(
      ZONE_ID,
      (await makeLeaf(ca, { dns: ['old.example.com'] })).certPem,
      {
        hostnames: ['old.example.com'],
      },
    );
    const stuck = world.cf.seedCertificate(
      ZONE_ID,
      (await makeLeaf(ca, { dns: ['gone.example.com'] })).certPem,
      {
        status: 'deletion_timed_out',
      },
    );

    const critical = await scan(world);
    expect(critical.exitCode).toBe(1);
    const findings = rulesOf(critical);
    const about = (rule: string) => findings.filter((finding) => finding.rule === rule);
    expect(about('scan.hostname_drift')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(`www.example.com is served by ${foreign}`),
      }),
    ]);
    expect(about('scan.hostname_not_served')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('api.example.com (no association)'),
      }),
    ]);
    expect(about('scan.orphan')).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining(`${orphan} `) }),
    ]);
    expect(about('scan.orphan')[0]!.message).toContain('yet it serves old.example.com');
    // Zone-level AOP is off, and so is global AOP: the unserved hostname gets no certificate at all.
    expect(critical.summary).toContain(
      'example.com: its unserved hostnames get no client certificate at all',
    );
    expect(about('scan.timed_out')).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining(`${stuck} `) }),
    ]);
    const body = trackingIssues(world)[0]!.body;
    expect(body).toContain('#### Re-run deploy (2)');
    expect(body).toContain('#### Remove (2)');
    const ids = json<{ id: string | null; name: string }[]>(critical, 'certificates');
    expect(ids.map((row) => row.name)).toEqual([
      'app',
      'api',
      `(foreign ${foreign.slice(0, 8)})`,
      `(orphan ${orphan.slice(0, 8)})`,
      `(orphan ${stuck.slice(0, 8)})`,
    ]);

    world.cf.setGlobalSetting(ZONE_ID, true);
    const never = await scan(world, { 'fail-on-scan': 'never' });
    expect(never.summary).toContain(
      "example.com: its unserved hostnames get Cloudflare's global certificate",
    );
    expect(never.exitCode).toBe(0);
    expect(rulesOf(never).filter((finding) => finding.severity === 'error')).toEqual([]);
    const warning = await scan(world, { 'fail-on-scan': 'warning' });
    expect(warning.exitCode).toBe(1);
    expect(rulesOf(warning).find((finding) => finding.rule === 'scan.orphan')!.severity).toBe('error');
    expect(trackingIssues(world)).toHaveLength(1);
  });

  it('fails saying the issue could not be written with a read-only token, the report still in the summary', async () => {
    const soon = await makeLeaf(ca, { dns: HOSTNAMES, days: 10 });
    world = await deployed([{ name: 'app', leaf: soon, hostnames: HOSTNAMES }]);
    const result = await scan(world, { 'github-token': READ_ONLY_TOKEN, 'fail-on-scan': 'never' });
    expect(result.exitCode).toBe(1);
    expect(world.repoState.issues).toEqual([]);
    expect(rulesOf(result)).toContainEqual(
      expect.objectContaining({
        rule: 'scan.issue_not_written',
        severity: 'error',
        message: expect.stringContaining('The tracking issue could not be written'),
      }),
    );
    expect(result.stdout).toMatch(/::error.*The tracking issue could not be written/);
    expect(result.summary).toContain('#### Renew (1)');
    expect(result.summary).toContain('issues: write');
    const visible = result.everything
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(visible).not.toContain(READ_ONLY_TOKEN);
    expect(visible).not.toContain(world.cf.token);
  });

  it('reports a zone without zone-id as a manifest error, and still scans the others', async () => {
    const app = await makeLeaf(ca, { dns: HOSTNAMES, days: 400 });
    world = await deployed([{ name: 'app', leaf: app, hostnames: HOSTNAMES }]);
    const manifest = await readFile(path.join(world.workspace, 'aop-certs.yml'), 'utf8');
    await writeFile(
      path.join(world.workspace, 'aop-certs.yml'),
      manifest.replace(
        'zones:\n',
        'zones:\n  - zone: example.org\n    origin-ca: pki/rootca.crt\n    certificates:\n      - name: org\n        certificate: pki/app.crt\n        hostnames: [app.example.org]\n',
      ),
    );
    const result = await scan(world);
    expect(result.exitCode).toBe(1);
    expect(rulesOf(result)).toContainEqual(
      expect.objectContaining({
        rule: 'manifest.zone_id',
        severity: 'error',
        message: expect.stringContaining('example.org'),
      }),
    );
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        properties: expect.objectContaining({ file: 'aop-certs.yml', line: '3' }),
      }),
    );
    expect(result.summary).toContain('Cloudflare: 3 requests for 1 zone(s) read');
  });

  it('stops with what to set when no Cloudflare credentials are given', async () => {
    const app = await makeLeaf(ca, { dns: HOSTNAMES, days: 400 });
    world = await deployed([{ name: 'app', leaf: app, hostnames: HOSTNAMES }]);
    const result = await scan(world, { 'api-token': '' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error::scan reads Cloudflare: set "api-token"/m);
    expect(world.repoState.issues).toEqual([]);
  });

  it('writes no issue on a dry run, and says so', async () => {
    const soon = await makeLeaf(ca, { dns: HOSTNAMES, days: 10 });
    world = await deployed([{ name: 'app', leaf: soon, hostnames: HOSTNAMES }]);
    const result = await scan(world, { 'dry-run': 'true' });
    expect(result.exitCode).toBe(1);
    expect(world.repoState.issues).toEqual([]);
    expect(result.summary).toContain(
      'dry-run: the tracking issue was not written (it would be opened or updated).',
    );
  });
});

describe('scan at scale', () => {
  const ZONES = 50;
  const PAGED_ZONES = 5;
  const zoneId = (index: number) => index.toString(16).padStart(32, 'a');

  async function fiftyZones(rateLimit?: { requests: number; windowMs: number; lockoutSeconds: number }) {
    const zones: Record<string, { maxPerPage?: number }> = {};
    for (let index = 0; index < ZONES; index++)
      zones[zoneId(index)] = index < PAGED_ZONES ? { maxPerPage: 1 } : {};
    const cf = await startCloudflareEmulator({ zones, ...(rateLimit ? { rateLimit } : {}) });
    const files: Record<string, string> = { 'pki/rootca.crt': ca.certPem };
    const entries: string[] = [];
    for (let index = 0; index < ZONES; index++) {
      const hostnames = [`app.z${index}.example`, `www.z${index}.example`];
      const leaf = await makeLeaf(ca, { dns: hostnames });
      files[`pki/z${index}.crt`] = leaf.certPem;
      cf.seedCertificate(zoneId(index), leaf.certPem, { hostnames });
      entries.push(
        `  - zone: z${index}.example\n    zone-id: ${zoneId(index)}\n    origin-ca: pki/rootca.crt\n    certificates:\n` +
          `      - name: app\n        certificate: pki/z${index}.crt\n        hostnames: [${hostnames.join(', ')}]\n`,
      );
    }
    files['aop-certs.yml'] = `version: 1\nzones:\n${entries.join('')}`;
    return { cf, workspace: await makeRepo(files) };
  }

  it('reads 50 zones with exactly the requests they need, and absorbs 429s without the user seeing one', async () => {
    const github = await startGitHubEmulator();
    github.addRepo(REPOSITORY);
    const run = (cf: { token: string; url: string }, workspace: string) =>
      runAction({
        workspace,
        eventName: 'schedule',
        ref: 'refs/heads/main',
        repository: REPOSITORY,
        githubApiUrl: github.url,
        inputs: { 'api-token': cf.token, 'api-url': cf.url, 'github-token': JOB_TOKEN },
      });
    try {
      const plain = await fiftyZones();
      const started = Date.now();
      const result = await run(plain.cf, plain.workspace);
      const seconds = (Date.now() - started) / 1000;
      expect(result.exitCode, result.stdout).toBe(0);
      const log = plain.cf.requestLog;
      // Per zone: one certificate list, one settings read, and one association page per hostname
      // where pages hold one (PAGED_ZONES), else one page.
      const needed = ZONES * 3 + PAGED_ZONES;
      expect(log).toHaveLength(needed);
      expect(log.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(log.filter((entry) => entry.operation === 'listCertificates')).toHaveLength(ZONES);
      expect(log.filter((entry) => entry.operation === 'getSettings')).toHaveLength(ZONES);
      expect(result.summary).toContain(
        `Cloudflare: ${needed} requests for ${ZONES} zone(s) read (0 retried).`,
      );
      expect(json<unknown[]>(result, 'certificates')).toHaveLength(ZONES);
      console.log(`scan of ${ZONES} zones: ${log.length} requests in ${seconds.toFixed(1)} s`);
      await plain.cf.close();

      // Another job on the same token used most of the budget: Cloudflare answers 429 for a second.
      const tight = await fiftyZones({ requests: 100, windowMs: 300_000, lockoutSeconds: 1 });
      const throttled = await run(tight.cf, tight.workspace);
      expect(throttled.exitCode, throttled.stdout).toBe(0);
      const refused = tight.cf.requestLog.filter((entry) => entry.status === 429).length;
      expect(refused).toBeGreaterThan(0);
      expect(tight.cf.requestLog).toHaveLength(needed + refused);
      expect(throttled.summary).toContain(
        `Cloudflare: ${needed + refused} requests for ${ZONES} zone(s) read (${refused} retried).`,
      );
      // The client logs each wait as a retry notice; nothing fails.
      expect(throttled.annotations.filter((annotation) => annotation.level === 'error')).toEqual([]);
      expect(json(throttled, 'findings')).toEqual([]);
      await tight.cf.close();
    } finally {
      await github.close();
    }
  });
});

describe('the tracking issue closes only on a complete all-clear', () => {
  it.each(['deleted', 'a symbolic link'])(
    'an origin-ca that is %s keeps the issue open while a hostname is unserved',
    async (what) => {
      const app = await makeLeaf(ca, { dns: HOSTNAMES });
      world = await deployWorld();
      await world.commit(ca, [{ name: 'app', leaf: app, hostnames: HOSTNAMES }]);
      // www is not served: an item that needs a person.
      world.cf.seedCertificate(ZONE_ID, app.certPem, { hostnames: ['app.example.com'] });
      const first = await scan(world);
      expect(first.exitCode).toBe(1);
      const [issue] = trackingIssues(world);
      expect(issue).toMatchObject({ state: 'open' });

      const originCa = path.join(world.workspace, 'pki/rootca.crt');
      await rm(originCa);
      if (what === 'a symbolic link') {
        await writeFile(path.join(world.workspace, 'elsewhere.crt'), ca.certPem);
        await symlink(path.join(world.workspace, 'elsewhere.crt'), originCa);
      }
      const blind = await scan(world);
      expect(blind.exitCode).toBe(1);
      expect(blind.everything).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(world.repoState.issue(issue!.number)).toMatchObject({ state: 'open' });
      expect(world.repoState.commentsOn(issue!.number)).toEqual([]);
    },
  );

  it("never updates or closes a stranger's issue that carries the marker", async () => {
    const app = await makeLeaf(ca, { dns: HOSTNAMES });
    world = await deployed([{ name: 'app', leaf: app, hostnames: HOSTNAMES }]);
    const planted = world.repoState.addIssue({
      title: 'Free certificates',
      body: `see https://evil.example\n\n${MARKER}`,
      user: STRANGER,
    });
    const clean = await scan(world);
    expect(clean.exitCode).toBe(0);
    expect(planted).toMatchObject({ state: 'open', title: 'Free certificates' });
    expect(world.repoState.commentsOn(planted.number)).toEqual([]);
    world.cf.setAssociationStatus(ZONE_ID, 'www.example.com', 'deployment_timed_out');
    const trouble = await scan(world);
    expect(trouble.exitCode).toBe(1);
    expect(planted.body).toBe(`see https://evil.example\n\n${MARKER}`);
    const ours = trackingIssues(world).filter((open) => open.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.number).not.toBe(planted.number);
  });
});
