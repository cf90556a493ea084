/** Deploy across zones, with keys only where needed, and check's read-only plan. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import type { RunResult } from '../test-support/runner.js';
import { deployWorld, ZONE_ID, type DeployWorld } from './deploy-world.js';

const OTHER_ZONE_ID = 'f'.repeat(32);
let world: DeployWorld;
let ca: Issued;

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

function twoZones(app: Issued, shop: Issued, appKeyEnv = 'AOP_KEY_APP'): Record<string, string> {
  const zone = (name: string, id: string, cert: string, host: string, keyEnv: string) =>
    `  - zone: ${name}\n    zone-id: ${id}\n    origin-ca: pki/rootca.crt\n    certificates:\n      - name: ${cert}\n        certificate: pki/${cert}.crt\n        private-key:\n          env: ${keyEnv}\n        hostnames: [${host}]\n`;
  return {
    'aop-certs.yml': `version: 1\nzones:\n${zone('example.com', ZONE_ID, 'app', 'app.example.com', appKeyEnv)}${zone('example.org', OTHER_ZONE_ID, 'shop', 'shop.example.org', 'AOP_KEY_SHOP')}`,
    'pki/rootca.crt': ca.certPem,
    'pki/app.crt': app.certPem,
    'pki/shop.crt': shop.certPem,
  };
}

beforeAll(async () => {
  ca = await makeCA();
});

afterEach(async () => {
  expect(world.cf.invariantViolations()).toEqual([]);
  await world.close();
});

describe('deploy scope', () => {
  it('plans and applies each zone on its own, and `zones` restricts the run', async () => {
    world = await deployWorld();
    world.cf.addZone(OTHER_ZONE_ID);
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const shop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    await world.commitFiles(twoZones(app, shop), { AOP_KEY_APP: app.keyPem, AOP_KEY_SHOP: shop.keyPem });
    const onlyOrg = await world.deploy({ zones: 'example.org' });
    expect(onlyOrg.exitCode).toBe(0);
    expect(world.cf.certificates(ZONE_ID)).toEqual([]);
    expect(world.cf.certificates(OTHER_ZONE_ID)).toHaveLength(1);
    expect(json<{ zone: string }[]>(onlyOrg, 'certificates').map((row) => row.zone)).toEqual(['example.org']);
    const all = await world.deploy();
    expect(all.exitCode).toBe(0);
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(1);
    expect(json<{ zone: string }[]>(all, 'plan').map((zone) => zone.zone)).toEqual([
      'example.com',
      'example.org',
    ]);
  });

  it('a zone Cloudflare cannot read is an error for that zone only; the other zone is deployed', async () => {
    world = await deployWorld();
    // example.org's zone-id is unknown to Cloudflare (a typo, or a token without that zone).
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const shop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    await world.commitFiles(twoZones(app, shop), { AOP_KEY_APP: app.keyPem, AOP_KEY_SHOP: shop.keyPem });
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    expect(world.cf.certificates(ZONE_ID)).toHaveLength(1);
    expect(json<{ rule: string; zone: string; severity: string }[]>(result, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'cloudflare.unreadable', zone: 'example.org', severity: 'error' }),
    );
    expect(result.summary).toContain('### Uploaded');
  });

  it('needs keys only for what it uploads: a deployed certificate without its key stays served', async () => {
    world = await deployWorld();
    world.cf.addZone(OTHER_ZONE_ID);
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const shop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    await world.commitFiles(twoZones(app, shop), { AOP_KEY_APP: app.keyPem, AOP_KEY_SHOP: shop.keyPem });
    expect((await world.deploy()).exitCode).toBe(0);
    const renewed = await makeLeaf(ca, { dns: ['shop.example.org'] });
    // The app key is no longer given (its variable unset); only shop is renewed.
    await world.commitFiles(twoZones(app, renewed, 'AOP_KEY_APP_GONE'), { AOP_KEY_SHOP: renewed.keyPem });
    const rotation = await world.deploy();
    expect(rotation.exitCode).toBe(0);
    expect(json<string[]>(rotation, 'uploaded')).toHaveLength(1);
  });

  it('refuses to upload a certificate without its key, naming it, and writes nothing for that zone', async () => {
    world = await deployWorld();
    world.cf.addZone(OTHER_ZONE_ID);
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const shop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    await world.commitFiles(twoZones(app, shop), { AOP_KEY_SHOP: shop.keyPem });
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    expect(world.cf.certificates(ZONE_ID)).toEqual([]);
    expect(world.cf.certificates(OTHER_ZONE_ID)).toHaveLength(1);
    const findings = json<{ rule: string; zone: string; severity: string }[]>(result, 'findings');
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'plan.key_missing', zone: 'example.com', severity: 'error' }),
    );
  });

  it('an unchanged certificate near expiry is a warning, not a block, and the other is still rotated', async () => {
    world = await deployWorld();
    world.cf.addZone(OTHER_ZONE_ID);
    const soon = await makeLeaf(ca, { dns: ['app.example.com'], days: 5 });
    const shop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    // First deploy of the near-expiry certificate: it is new, so its expiry blocks it.
    await world.commitFiles(twoZones(soon, shop), { AOP_KEY_APP: soon.keyPem, AOP_KEY_SHOP: shop.keyPem });
    const first = await world.deploy();
    expect(first.exitCode).toBe(1);
    expect(json<{ rule: string; severity: string }[]>(first, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'error' }),
    );
    expect(world.cf.certificates(ZONE_ID)).toEqual([]);
    // Once it is in Cloudflare (uploaded by hand here), it is unchanged: a warning only.
    world.cf.seedCertificate(ZONE_ID, soon.certPem, { hostnames: ['app.example.com'] });
    const renewedShop = await makeLeaf(ca, { dns: ['shop.example.org'] });
    await world.commitFiles(twoZones(soon, renewedShop), { AOP_KEY_SHOP: renewedShop.keyPem });
    const second = await world.deploy();
    expect(second.exitCode).toBe(0);
    expect(json<{ rule: string; severity: string }[]>(second, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'warning' }),
    );
    expect(json<string[]>(second, 'uploaded')).toHaveLength(1);
  });
});

describe('limits before calls', () => {
  it('a zone over its 10-certificate limit fails the deploy before any request to Cloudflare', async () => {
    world = await deployWorld();
    const specs = [];
    for (let index = 0; index < 11; index++) {
      const hostname = `h${index}.example.com`;
      specs.push({ name: `c${index}`, leaf: await makeLeaf(ca, { dns: [hostname] }), hostnames: [hostname] });
    }
    await world.commit(ca, specs);
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    expect(json<{ rule: string }[]>(result, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'manifest.zone_limit' }),
    );
    expect(world.cf.requestLog).toEqual([]);
    expect(result.summary).toContain('Nothing was deployed: the manifest has errors');
  });
});

describe('check with Cloudflare read access', () => {
  it('shows the plan, the zone setting and what the origin gets instead, with read-only calls', async () => {
    world = await deployWorld();
    world.cf.setZoneSetting(ZONE_ID, true);
    const app = await makeLeaf(ca, { dns: ['app.example.com', 'old.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com', 'old.example.com'] }]);
    expect((await world.deploy()).exitCode).toBe(0);
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const before = world.cf.writeCount();
    const result = await world.check({ prune: 'true' });
    expect(result.exitCode).toBe(0);
    expect(world.cf.writeCount()).toBe(before);
    expect(result.summary).toContain('Zone-level AOP setting: enabled.');
    expect(result.summary).toMatch(/old\.example\.com[^\n]*zone-level certificate/);
    const plan = json<{ writes: number; steps: { kind: string }[] }[]>(result, 'plan');
    expect(plan[0]!.steps.map((step) => step.kind)).toEqual(['disassociate']);
  });

  it('says that no plan was computed without credentials', async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }]);
    const result = await world.check({ 'api-token': '' });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('No plan was computed');
    expect(json(result, 'plan')).toBeNull();
    expect(world.cf.requestLog).toEqual([]);
  });

  it("check's plan is deploy's plan: it says Blocked where deploy refuses, and the merge does exactly that", async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com'] });
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    await world.commit(ca, [
      { name: 'app', leaf: app, hostnames: ['app.example.com'] },
      { name: 'api', leaf: api, hostnames: ['api.example.com'] },
    ]);
    expect((await world.deploy()).exitCode).toBe(0);
    // A renewal without clientAuth: an error on a certificate the merge would serve.
    const broken = await makeLeaf(ca, { dns: ['app.example.com'], eku: ['serverAuth'] });
    await world.commit(ca, [
      { name: 'app', leaf: broken, hostnames: ['app.example.com'] },
      { name: 'api', leaf: api, hostnames: ['api.example.com'] },
    ]);
    const checked = await world.check();
    expect(checked.exitCode).toBe(1);
    const planned = json<{ blocked?: string }[]>(checked, 'plan')[0]!;
    expect(planned.blocked).toBe('Blocked: app would serve hostnames but has errors (see the findings).');
    expect(checked.summary).toContain('Blocked: app would serve hostnames');
    const rows = json<{ name: string }[]>(checked, 'certificates');
    expect(rows.map((row) => row.name)).toEqual(['app', 'api']);
    const before = world.cf.writeCount();
    const deployed = await world.deploy();
    expect(deployed.exitCode).toBe(1);
    expect(world.cf.writeCount()).toBe(before);
    expect(json<{ blocked?: string }[]>(deployed, 'plan')[0]!.blocked).toBe(planned.blocked);
  });

  it("a zone's own prune in the manifest is what check plans and deploy does; other inputs are named as assumed", async () => {
    world = await deployWorld();
    const app = await makeLeaf(ca, { dns: ['app.example.com', 'old.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com', 'old.example.com'] }]);
    expect((await world.deploy()).exitCode).toBe(0);
    await world.commit(ca, [{ name: 'app', leaf: app, hostnames: ['app.example.com'] }], '    prune: true\n');
    const checked = await world.check();
    expect(checked.exitCode).toBe(0);
    const plan = json<{ setting: string; steps: { kind: string }[] }[]>(checked, 'plan')[0]!;
    expect(plan.steps.map((step) => step.kind)).toEqual(['disassociate']);
    expect(plan.setting).not.toMatch(/Planned with/);
    // The job's own delete-replaced differs from the default and the zone does not set it: said so.
    const assumed = json<{ setting: string }[]>(
      await world.check({ 'delete-replaced': 'false' }),
      'plan',
    )[0]!;
    expect(assumed.setting).toMatch(
      /Planned with delete-replaced: false \(this job's input; the default is true\)/,
    );
    const deployed = await world.deploy();
    expect(deployed.exitCode).toBe(0);
    expect(
      world.cf
        .associations(ZONE_ID)
        .filter((item) => item.enabled === true)
        .map((item) => item.hostname),
    ).toEqual(['app.example.com']);
  });
});
