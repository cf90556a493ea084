/** `deploy` end to end: the bundled action against the Cloudflare and GitHub emulators. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CloudflareOperation } from '../src/cloudflare/types.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { keyLines, visibleText, type RunResult } from '../test-support/runner.js';
import { deployWorld, ZONE_ID, type CertificateSpec, type DeployWorld } from './deploy-world.js';

let world: DeployWorld;
let ca: Issued;
let otherCa: Issued;

const sha256Of = async (issued: Issued) =>
  Buffer.from(await issued.cert.getThumbprint('SHA-256')).toString('hex');

/** Hostname → the SHA-256 of the certificate serving it (enabled associations only). */
async function served(): Promise<Record<string, string>> {
  const byId = new Map(
    world.cf.certificates(ZONE_ID).map((certificate) => [certificate.id, certificate.sha256]),
  );
  return Object.fromEntries(
    world.cf
      .associations(ZONE_ID)
      .filter((association) => association.enabled === true)
      .map((association) => [
        association.hostname,
        byId.get(association.certId) ?? `missing ${association.certId}`,
      ])
      .sort(([a], [b]) => a!.localeCompare(b!)),
  );
}

function writesIn(run: () => Promise<RunResult>): Promise<{ result: RunResult; writes: number }> {
  const before = world.cf.writeCount();
  return run().then((result) => ({ result, writes: world.cf.writeCount() - before }));
}

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

function expectPassed(result: RunResult): void {
  if (result.exitCode !== 0) throw new Error(`deploy failed:\n${result.stdout}`);
}

beforeAll(async () => {
  ca = await makeCA();
  otherCa = await makeCA({ cn: 'Another Team CA' });
});

afterEach(async () => {
  expect(world.cf.invariantViolations()).toEqual([]);
  await world.close();
});

describe('deploy', () => {
  it('first deploy of two certificates on three hostnames, then a second run with zero writes', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'] });
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    await world.commit(ca, [
      { name: 'app', leaf: app, hostnames: ['app.example.com', 'www.example.com'] },
      { name: 'api', leaf: api, hostnames: ['api.example.com'] },
    ]);
    const first = await writesIn(() => world.deploy());
    expectPassed(first.result);
    for (const line of [...keyLines(app.keyPem), ...keyLines(api.keyPem)]) {
      expect(visibleText(first.result)).not.toContain(line);
    }
    expect(await served()).toEqual({
      'api.example.com': await sha256Of(api),
      'app.example.com': await sha256Of(app),
      'www.example.com': await sha256Of(app),
    });
    // Two uploads and two PUTs: exactly the writes the plan lists.
    expect(first.writes).toBe(2 + 2);
    const uploaded = json<string[]>(first.result, 'uploaded');
    expect(uploaded.sort()).toEqual(
      world.cf
        .certificates(ZONE_ID)
        .map((certificate) => certificate.id)
        .sort(),
    );
    const certificates = json<{ name: string; id: string; status: string }[]>(first.result, 'certificates');
    expect(certificates.map(({ name, status }) => [name, status])).toEqual([
      ['app', 'active'],
      ['api', 'active'],
    ]);
    expect(first.result.summary).toContain('### Uploaded');
    expect(json<{ writes: number }[]>(first.result, 'plan')[0]!.writes).toBe(4);

    const second = await writesIn(() => world.deploy());
    expectPassed(second.result);
    expect(second.writes).toBe(0);
    expect(json(second.result, 'uploaded')).toEqual([]);
    expect(second.result.summary).toContain(
      'No change: Cloudflare already serves what the manifest says (0 writes).',
    );
  });

  it('rotates one certificate: new leaf served on the same hostnames, the old one deleted after', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    const specs: CertificateSpec[] = [
      { name: 'app', leaf: app, hostnames: ['app.example.com'] },
      { name: 'api', leaf: api, hostnames: ['api.example.com'] },
    ];
    await world.commit(ca, specs);
    expectPassed(await world.deploy());
    const renewed = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ ...specs[0]!, leaf: renewed }, specs[1]!]);
    const rotation = await writesIn(() => world.deploy());
    expectPassed(rotation.result);
    expect(await served()).toEqual({
      'api.example.com': await sha256Of(api),
      'app.example.com': await sha256Of(renewed),
    });
    expect(
      world.cf
        .certificates(ZONE_ID)
        .map((certificate) => certificate.sha256)
        .sort(),
    ).toEqual([await sha256Of(api), await sha256Of(renewed)].sort());
    // Upload, PUT, delete — in that order.
    const writes = world.cf.requestLog.filter((entry) => entry.write).slice(-3);
    expect(writes.map((entry) => entry.operation)).toEqual([
      'uploadCertificate',
      'putHostnames',
      'deleteCertificate',
    ]);
  });

  it('adds a hostname, and removes one only with prune', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com', 'new.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com', 'www.example.com'] }]);
    expectPassed(await world.deploy());
    await world.commit(ca, [
      { name: 'app', leaf: app, hostnames: ['app.example.com', 'www.example.com', 'new.example.com'] },
    ]);
    const added = await writesIn(() => world.deploy());
    expectPassed(added.result);
    expect(added.writes).toBe(1);
    expect(Object.keys(await served())).toEqual(['app.example.com', 'new.example.com', 'www.example.com']);

    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com', 'new.example.com'] }]);
    const kept = await writesIn(() => world.deploy());
    expectPassed(kept.result);
    expect(kept.writes).toBe(0);
    expect(Object.keys(await served())).toContain('www.example.com');
    // A word joiner keeps `www.` from becoming a link in the summary.
    expect(kept.result.summary).toMatch(/Left in place:[\s\S]*www\u2060?\.example\.com/);

    const pruned = await writesIn(() => world.deploy({ prune: 'true' }));
    expectPassed(pruned.result);
    expect(pruned.writes).toBe(1);
    expect(Object.keys(await served())).toEqual(['app.example.com', 'new.example.com']);
  });

  it('leaves certificates of another CA untouched', async () => {
    world = await deployWorld();
    const theirs = await makeLeaf(otherCa, { dns: ['legacy.example.com'] });
    const theirsId = world.cf.seedCertificate(ZONE_ID, theirs.certPem, { hostnames: ['legacy.example.com'] });
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy({ prune: 'true' }));
    expect(
      world.cf.certificates(ZONE_ID).find((certificate) => certificate.id === theirsId)?.hostnames,
    ).toEqual(['legacy.example.com']);
    const touching = world.cf.requestLog.filter((entry) => entry.write && entry.path.includes(theirsId));
    expect(touching).toEqual([]);
  });

  it('rotates in waves when the zone reaches its 10-certificate limit, never deleting first', async () => {
    world = await deployWorld();
    const specs: CertificateSpec[] = [];
    for (let index = 0; index < 9; index++) {
      const hostname = `h${index}.example.com`;
      specs.push({ name: `c${index}`, leaf: await makeLeaf(ca, { dns: [hostname] }), hostnames: [hostname] });
    }
    await world.commit(ca, specs);
    expectPassed(await world.deploy());
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(9);
    const renewed = [
      { ...specs[0]!, leaf: await makeLeaf(ca, { dns: ['h0.example.com'] }) },
      { ...specs[1]!, leaf: await makeLeaf(ca, { dns: ['h1.example.com'] }) },
    ];
    await world.commit(ca, [...renewed, ...specs.slice(2)]);
    const rotation = await writesIn(() => world.deploy());
    expectPassed(rotation.result);
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(9);
    expect((await served())['h0.example.com']).toBe(await sha256Of(renewed[0]!.leaf));
    expect((await served())['h1.example.com']).toBe(await sha256Of(renewed[1]!.leaf));
    // One free slot: each wave uploads one, re-points, and deletes its predecessor before the next.
    const writes = world.cf.requestLog
      .filter((entry) => entry.write)
      .slice(-6)
      .map((entry) => entry.operation);
    expect(writes).toEqual([
      'uploadCertificate',
      'putHostnames',
      'deleteCertificate',
      'uploadCertificate',
      'putHostnames',
      'deleteCertificate',
    ]);
  });

  it('refuses, before any call that writes, a rotation that cannot fit at all', async () => {
    world = await deployWorld();
    for (let index = 0; index < 9; index++) {
      world.cf.seedCertificate(
        ZONE_ID,
        (await makeLeaf(otherCa, { dns: [`t${index}.example.com`] })).certPem,
      );
    }
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy());
    await world.commit(ca, [
      { name: 'app', leaf: await makeLeaf(ca, { dns: ['app.example.com'] }), hostnames: ['app.example.com'] },
    ]);
    const refused = await writesIn(() => world.deploy());
    expect(refused.result.exitCode).toBe(1);
    expect(refused.writes).toBe(0);
    expect(refused.result.everything).toMatch(/cannot fit/);
    expect((await served())['app.example.com']).toBe(await sha256Of(app));
  });

  it('refuses a CA change unless the zone says ca-rollover: true', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy());
    const fromNewCa = await makeLeaf(otherCa, { dns: ['app.example.com'] });
    const bundle = { ...otherCa, certPem: otherCa.certPem + ca.certPem };
    await world.commit(bundle, [{ name: 'app', leaf: fromNewCa, hostnames: ['app.example.com'] }]);
    const refused = await writesIn(() => world.deploy());
    expect(refused.result.exitCode).toBe(1);
    expect(refused.writes).toBe(0);
    expect(refused.result.everything).toMatch(/ca-rollover/);
    expect((await served())['app.example.com']).toBe(await sha256Of(app));

    await world.commit(
      bundle,
      [{ name: 'app', leaf: fromNewCa, hostnames: ['app.example.com'] }],
      '    ca-rollover: true\n',
    );
    expectPassed(await world.deploy());
    expect((await served())['app.example.com']).toBe(await sha256Of(fromNewCa));
  });

  it('writes nothing from a commit that is no longer the head of its branch', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const old = await writesIn(() => world.deploy({}, 'd'.repeat(40)));
    expect(old.result.exitCode).toBe(0);
    expect(old.writes).toBe(0);
    expect(world.cf.requestLog).toEqual([]);
    expect(old.result.summary).toMatch(/is no longer the head of its branch, so nothing was written/);
  });

  it('refuses to deploy from a pull request or another branch, writing nothing', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const fromPr = await world.check({ command: 'deploy' });
    expect(fromPr.exitCode).toBe(1);
    expect(fromPr.stdout).toMatch(
      /::error::deploy writes only from the default branch, and this run is for refs\/pull/,
    );
    expect(world.cf.writeCount()).toBe(0);
  });

  it('dry-run prints the plan and writes nothing', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const dry = await writesIn(() => world.deploy({ 'dry-run': 'true' }));
    expectPassed(dry.result);
    expect(dry.writes).toBe(0);
    expect(dry.result.summary).toMatch(/Upload app/);
    expect(dry.result.summary).toContain('dry-run');
  });

  it('comments the new certificate IDs on the merged pull request', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const head = (1).toString(16).padStart(40, 'c');
    world.repoState.addPullRequest({
      number: 42,
      head: { ref: 'renew', sha: 'e'.repeat(40) },
      base: { ref: 'main' },
      mergeCommitSha: head,
      state: 'closed',
    });
    const result = await world.deploy({ comment: 'true' });
    expectPassed(result);
    const [id] = json<string[]>(result, 'uploaded');
    const comments = world.repoState.commentsOn(42);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(id!);
    expect(comments[0]!.body).toContain('<!-- aop-certs:deploy path=aop-certs.yml -->');
    expect(result.outputs['comment-url']).toMatch(new RegExp(`/pull/42#issuecomment-${comments[0]!.id}$`));
    const keyLine = app.keyPem.split('\n')[1]!;
    for (const request of world.github.requests) expect(request.body).not.toContain(keyLine);
  });
});

describe('deploy converges after a failure at any step', () => {
  // One retried 5xx (its back-off takes ~15 s), the ambiguous lost upload answer, and refusals
  // that are not retried (a token losing its permission mid-run) for the other steps.
  const faults: [CloudflareOperation, Parameters<DeployWorld['cf']['injectFault']>[1]][] = [
    ['uploadCertificate', { reset: 'after' }],
    ['uploadCertificate', { status: 403, code: 10000, message: 'Authentication error' }],
    ['getCertificate', { status: 403, code: 10000, message: 'Authentication error' }],
    ['putHostnames', { status: 500, count: 9 }],
    ['listHostnames', { status: 403, code: 10000, message: 'Authentication error' }],
    ['deleteCertificate', { status: 403, code: 10000, message: 'Authentication error' }],
  ];

  it.each(faults)(
    'fault in %s %j: the old certificate keeps serving, and a re-run finishes',
    async (operation, fault) => {
      world = await deployWorld();
      const app = await makeLeaf(ca, { dns: ['app.example.com'] });
      await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
      expectPassed(await world.deploy());
      const renewed = await makeLeaf(ca, { dns: ['app.example.com'] });
      await world.commit(ca, [{ name: 'app', leaf: renewed, hostnames: ['app.example.com'] }]);
      world.cf.injectFault(operation, fault);
      const failed = await world.deploy();
      const servedNow = (await served())['app.example.com'];
      expect([await sha256Of(app), await sha256Of(renewed)]).toContain(servedNow);
      if (failed.exitCode !== 0) expect(failed.everything).not.toMatch(/\n\s+at .+:\d+:\d+/);
      world.cf.clearFaults();
      expectPassed(await world.deploy());
      expect(await served()).toEqual({ 'app.example.com': await sha256Of(renewed) });
      expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.sha256)).toEqual([
        await sha256Of(renewed),
      ]);
      const again = await writesIn(() => world.deploy());
      expect(again.writes).toBe(0);
    },
  );
});

describe('a rotation interrupted after the hostnames moved is finished by the re-run, whatever the leaves look like', () => {
  // The leaves the old planner kept forever: a client certificate named only by its CN, one with a
  // name the manifest does not list, and a renewal that expires before the certificate it replaces.
  const shapes: [string, (role: 'old' | 'new') => Promise<Issued>][] = [
    [
      'CN-only leaves',
      (role) => makeLeaf(ca, { cn: 'edge-client', dns: [], days: role === 'old' ? 60 : 120 }),
    ],
    [
      'a leaf with an extra SAN',
      (role) =>
        makeLeaf(ca, { dns: ['app.example.com', 'extra.example.com'], days: role === 'old' ? 60 : 120 }),
    ],
    [
      'a shorter-lived successor',
      (role) => makeLeaf(ca, { dns: ['app.example.com'], days: role === 'old' ? 120 : 60 }),
    ],
  ];
  // The DELETE refused (twice: deploy tries a refused DELETE once more before it gives up), and the
  // re-point made but its answer lost at every attempt (as if the run were killed right after
  // Cloudflare applied it).
  const faults: [string, CloudflareOperation, Parameters<DeployWorld['cf']['injectFault']>[1]][] = [
    [
      'the DELETE refused',
      'deleteCertificate',
      { status: 403, code: 10000, message: 'Authentication error', count: 2 },
    ],
    ['the re-point applied, its answer lost', 'putHostnames', { reset: 'after', count: 9 }],
  ];
  const cases = shapes.flatMap(([shape, leaf]) =>
    faults.map(([fault, operation, spec]) => [shape, fault, leaf, operation, spec] as const),
  );

  it.each(cases)('%s, %s', async (_shape, _fault, leaf, operation, spec) => {
    world = await deployWorld();
    const old = await leaf('old');
    await world.commit(ca, [{ name: 'app', leaf: old, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy());
    const renewed = await leaf('new');
    await world.commit(ca, [{ name: 'app', leaf: renewed, hostnames: ['app.example.com'] }]);
    world.cf.injectFault(operation, spec);
    const failed = await world.deploy();
    world.cf.clearFaults();
    expect(failed.exitCode).toBe(1);
    // The hostname already moved: the failure says so instead of "the origin keeps what it had".
    expect(await served()).toEqual({ 'app.example.com': await sha256Of(renewed) });
    expect(failed.everything).toMatch(
      /Already pointed at the manifest's certificates.*app\.example\.com → app/,
    );
    expect(failed.everything).not.toMatch(/No hostname was re-pointed/);
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(2);

    const rerun = await writesIn(() => world.deploy());
    expectPassed(rerun.result);
    expect(rerun.writes).toBe(1);
    expect(await served()).toEqual({ 'app.example.com': await sha256Of(renewed) });
    expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.sha256)).toEqual([
      await sha256Of(renewed),
    ]);
    expect((await writesIn(() => world.deploy())).writes).toBe(0);
  });

  it.each(shapes)('%s, the run killed right after Cloudflare applied the re-point', async (_shape, leaf) => {
    world = await deployWorld();
    const old = await leaf('old');
    await world.commit(ca, [{ name: 'app', leaf: old, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy());
    const renewed = await leaf('new');
    const renewedSha = await sha256Of(renewed);
    await world.commit(ca, [{ name: 'app', leaf: renewed, hostnames: ['app.example.com'] }]);
    // The PUT is applied and its answer held back: the job is killed while it waits, as a
    // cancelled workflow or a lost runner would kill it.
    world.cf.injectFault('putHostnames', { delayMs: 10_000 });
    const killed = await world.deploy({}, undefined, (child) => {
      const poll = setInterval(() => {
        void served().then((now) => {
          if (now['app.example.com'] === renewedSha) child.kill('SIGKILL');
        });
      }, 20);
      child.on('close', () => clearInterval(poll));
    });
    world.cf.clearFaults();
    expect(killed.exitCode).toBeNull();
    expect(await served()).toEqual({ 'app.example.com': renewedSha });
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(2);

    const rerun = await writesIn(() => world.deploy());
    expectPassed(rerun.result);
    expect(rerun.writes).toBe(1);
    expect(world.cf.certificates(ZONE_ID).map((certificate) => certificate.sha256)).toEqual([renewedSha]);
    expect((await writesIn(() => world.deploy())).writes).toBe(0);
  });

  it('a full zone rotating in waves with a refused DELETE deletes the leftover first, then finishes', async () => {
    world = await deployWorld();
    const specs: CertificateSpec[] = [];
    for (let index = 0; index < 9; index++) {
      const hostname = `h${index}.example.com`;
      specs.push({
        name: `c${index}`,
        leaf: await makeLeaf(ca, { cn: `client-${index}`, dns: [], days: 120 }),
        hostnames: [hostname],
      });
    }
    await world.commit(ca, specs);
    expectPassed(await world.deploy());
    const renewed = [
      { ...specs[0]!, leaf: await makeLeaf(ca, { cn: 'client-0', dns: [], days: 60 }) },
      { ...specs[1]!, leaf: await makeLeaf(ca, { cn: 'client-1', dns: [], days: 60 }) },
    ];
    await world.commit(ca, [...renewed, ...specs.slice(2)]);
    // Refused twice: deploy tries a refused DELETE once more before it gives up.
    world.cf.injectFault('deleteCertificate', {
      status: 403,
      code: 10000,
      message: 'Authentication error',
      count: 2,
    });
    const failed = await world.deploy();
    world.cf.clearFaults();
    expect(failed.exitCode).toBe(1);
    // Wave 1 moved h0 and could not delete c0's old certificate: the zone is full.
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(10);
    expect((await served())['h0.example.com']).toBe(await sha256Of(renewed[0]!.leaf));

    const rerun = await writesIn(() => world.deploy());
    expectPassed(rerun.result);
    expect(rerun.result.everything).not.toMatch(/plan\.slots_exhausted/);
    const writes = world.cf.requestLog
      .filter((entry) => entry.write)
      .slice(-rerun.writes)
      .map((entry) => entry.operation);
    expect(writes).toEqual(['deleteCertificate', 'uploadCertificate', 'putHostnames', 'deleteCertificate']);
    const expected = Object.fromEntries(
      await Promise.all(
        [...renewed, ...specs.slice(2)].map(async (spec) => [spec.hostnames[0]!, await sha256Of(spec.leaf)]),
      ),
    );
    expect(await served()).toEqual(
      Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))),
    );
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(9);
    expect((await writesIn(() => world.deploy())).writes).toBe(0);
  });
});

describe('guards', () => {
  it('re-points a hostname at the manifest certificate already in Cloudflare even within fail-days: a repair, not a new certificate', async () => {
    world = await deployWorld();
    const soon = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'], days: 5 });
    world.cf.seedCertificate(ZONE_ID, soon.certPem, { hostnames: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: soon, hostnames: ['app.example.com', 'www.example.com'] }]);
    const repair = await writesIn(() => world.deploy());
    expectPassed(repair.result);
    expect(repair.writes).toBe(1);
    expect(await served()).toEqual({
      'app.example.com': await sha256Of(soon),
      'www.example.com': await sha256Of(soon),
    });
    expect(json<{ rule: string; severity: string }[]>(repair.result, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'warning' }),
    );
  });

  it('refuses the same leaf under two names in one zone before any write, never a 409', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'] });
    await world.commit(ca, [
      { name: 'app', leaf: app, hostnames: ['app.example.com'] },
      { name: 'www', leaf: app, hostnames: ['www.example.com'] },
    ]);
    const checked = await world.check();
    expect(checked.exitCode).toBe(1);
    expect(json<{ rule: string; line: number }[]>(checked, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'plan.duplicate_certificate', line: 12 }),
    );
    const refused = await writesIn(() => world.deploy());
    expect(refused.result.exitCode).toBe(1);
    expect(refused.writes).toBe(0);
    // As a word: the runner's random output delimiters and hex IDs may contain the digits.
    expect(refused.result.everything).not.toMatch(/\b409\b|already exists/i);
    expect(json<{ blocked?: string }[]>(refused.result, 'plan')[0]!.blocked).toMatch(
      /^Blocked: zone example.com/,
    );
  });

  it('judges a CA change from the certificate Cloudflare serves, even when the same change replaces origin-ca', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    expectPassed(await world.deploy());
    // The old CA is gone from origin-ca, so the serving leaf is no longer "ours": still a CA change.
    const fromNewCa = await makeLeaf(otherCa, { dns: ['app.example.com'] });
    await world.commit(otherCa, [{ name: 'app', leaf: fromNewCa, hostnames: ['app.example.com'] }]);
    const checked = await world.check();
    expect(checked.exitCode).toBe(1);
    expect(json<{ rule: string }[]>(checked, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'plan.ca_change' }),
    );
    const refused = await writesIn(() => world.deploy());
    expect(refused.result.exitCode).toBe(1);
    expect(refused.writes).toBe(0);
    expect(refused.result.everything).toMatch(
      /issued by [^,]*Test Origin CA.*issued by [^,]*Another Team CA/,
    );
    expect((await served())['app.example.com']).toBe(await sha256Of(app));
  });
});
