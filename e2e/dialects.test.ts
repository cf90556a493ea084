/**
 * Every answer Cloudflare might give where no source settles it (test-support/cloudflare/dialects.ts):
 * the same lifecycle — deploy, rotation, prune, faults, scan — through the bundle, against each
 * dialect and against all of them at once. Whatever the dialect, the zone ends exactly as the
 * manifest says, no hostname is ever pointed at a certificate that is not active, and a second
 * run writes nothing.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBeingDeleted } from '../src/plan/statuses.js';
import { DIALECTS, type DialectName } from '../test-support/cloudflare/dialects.js';
import { JOB_TOKEN } from '../test-support/github/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { deployWorld, REPOSITORY, ZONE_ID, type CertificateSpec, type DeployWorld } from './deploy-world.js';

const MATRIX: DialectName[] = [
  'default',
  'no-list-404',
  'voided-linger',
  'deleted-linger',
  'association-list',
  'duplicate-1406',
  'paged',
  'null-writes',
  'ratelimit-headers',
  'all',
];

interface Pki {
  ca: Issued;
  app: Issued;
  api: Issued;
  app2: Issued;
  api2: Issued;
}

let pki: Pki;

beforeAll(async () => {
  const ca = await makeCA();
  // Renewals expire later, as a renewal does: an orphaned older version is then recognisably older.
  const [app, api, app2, api2] = await Promise.all([
    makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'], days: 200 }),
    makeLeaf(ca, { dns: ['api.example.com'], days: 200 }),
    makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'], days: 300 }),
    makeLeaf(ca, { dns: ['api.example.com'], days: 300 }),
  ]);
  pki = { ca, app: app!, api: api!, app2: app2!, api2: api2! };
});

const sha256 = (issued: Issued) =>
  createHash('sha256').update(new X509Certificate(issued.certPem).raw).digest('hex');

/** Hostname → SHA-256 of the certificate serving it; and the SHA-256s of every certificate the zone holds. */
function zoneState(world: DeployWorld): { served: Record<string, string>; held: string[] } {
  const certificates = world.cf.certificates(ZONE_ID);
  const byId = new Map(certificates.map((certificate) => [certificate.id, certificate.sha256]));
  const served = Object.fromEntries(
    world.cf
      .associations(ZONE_ID)
      .filter((association) => association.enabled === true)
      .map((association) => [
        association.hostname,
        byId.get(association.certId) ?? `missing ${association.certId}`,
      ])
      .sort(([a], [b]) => a!.localeCompare(b!)),
  );
  // A deletion Cloudflare has accepted finishes on its own: what is being deleted is not held.
  const held = certificates.filter((certificate) => !isBeingDeleted(certificate.status));
  return { served, held: held.map((certificate) => certificate.sha256).sort() };
}

function expected(specs: CertificateSpec[]): { served: Record<string, string>; held: string[] } {
  const served: Record<string, string> = {};
  for (const spec of specs) for (const hostname of spec.hostnames) served[hostname] = sha256(spec.leaf);
  return {
    served: Object.fromEntries(Object.entries(served).sort(([a], [b]) => a.localeCompare(b))),
    held: specs.map((spec) => sha256(spec.leaf)).sort(),
  };
}

function passed(result: RunResult, what: string): RunResult {
  if (result.exitCode !== 0) throw new Error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

interface Counted {
  result: RunResult;
  writes: number;
  requests: number;
}

async function counted(world: DeployWorld, run: () => Promise<RunResult>): Promise<Counted> {
  const before = world.cf.requestLog.length;
  const result = await run();
  const entries = world.cf.requestLog.slice(before);
  return { result, writes: entries.filter((entry) => entry.write).length, requests: entries.length };
}

function scan(world: DeployWorld): Promise<RunResult> {
  return runAction({
    workspace: world.workspace,
    eventName: 'schedule',
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    githubApiUrl: world.github.url,
    payload: { schedule: '0 6 * * *' },
    inputs: { 'api-token': world.cf.token, 'api-url': world.cf.url, 'github-token': JOB_TOKEN },
  });
}

/** What each dialect's idle run cost, for the comparison at the end. */
const idleRequests = new Map<DialectName, number>();

describe.concurrent('one lifecycle per dialect', () => {
  it.each(MATRIX)('%s', { timeout: 240_000 }, async (dialect) => {
    const world = await deployWorld({ dialect });
    const perHostname = 'associationList' in DIALECTS[dialect];
    try {
      // 1. First deploy; the answer to the first upload is lost after Cloudflare stored it.
      let specs: CertificateSpec[] = [
        { name: 'app', leaf: pki.app, hostnames: ['app.example.com', 'www.example.com'] },
        { name: 'api', leaf: pki.api, hostnames: ['api.example.com'] },
      ];
      await world.commit(pki.ca, specs);
      world.cf.injectFault('uploadCertificate', { reset: 'after' });
      const first = passed((await counted(world, () => world.deploy())).result, 'first deploy');
      expect(zoneState(world)).toEqual(expected(specs));
      expect(first.summary).toContain(
        perHostname ? 'does not serve the association list' : 'read from the association list',
      );

      // 2. A second run writes nothing; in the default dialect it reads only what the plan needs.
      const idle = await counted(world, () => world.deploy());
      passed(idle.result, 'idle deploy');
      expect(idle.writes).toBe(0);
      idleRequests.set(dialect, idle.requests);
      if (dialect === 'default') {
        // Certificates, associations, zone setting: one request each.
        expect(idle.requests).toBe(3);
      }

      // A pull request's check plans against the same zone: nothing to do.
      const checked = passed(await world.check(), 'check');
      expect(checked.summary).toContain(
        perHostname ? 'does not serve the association list' : 'read from the association list',
      );

      // 3. Rotation of app, Cloudflare refusing the first DELETE once.
      specs = [{ ...specs[0]!, leaf: pki.app2 }, specs[1]!];
      await world.commit(pki.ca, specs);
      world.cf.injectFault('deleteCertificate', {
        status: 400,
        code: 1305,
        message: 'This certificate cannot be deleted at this time',
      });
      passed((await counted(world, () => world.deploy())).result, 'rotation');
      expect(zoneState(world)).toEqual(expected(specs));
      expect((await counted(world, () => world.deploy())).writes).toBe(0);

      // 4. Rotation of api, stopped between its PUT and its DELETE; the next run finishes it.
      specs = [specs[0]!, { ...specs[1]!, leaf: pki.api2 }];
      await world.commit(pki.ca, specs);
      world.cf.injectFault('deleteCertificate', {
        status: 403,
        code: 10000,
        message: 'Authentication error',
        count: 2,
      });
      const stopped = await world.deploy();
      expect(stopped.exitCode).not.toBe(0);
      expect(zoneState(world).served['api.example.com']).toBe(sha256(pki.api2));
      passed(await world.deploy(), 'the run after the stop');
      expect(zoneState(world)).toEqual(expected(specs));
      expect((await counted(world, () => world.deploy())).writes).toBe(0);

      // 5. Prune: www leaves the manifest, and its association goes.
      specs = [{ ...specs[0]!, hostnames: ['app.example.com'] }, specs[1]!];
      await world.commit(pki.ca, specs);
      // Zone-level AOP is off here and global AOP on: the plan says the origin gets the global certificate.
      world.cf.setGlobalSetting(ZONE_ID, true);
      const pruned = passed(await world.deploy({ prune: 'true' }), 'prune');
      expect(pruned.summary).toContain("Cloudflare's global certificate (the zone setting is disabled");
      expect(zoneState(world)).toEqual(expected(specs));
      expect((await counted(world, () => world.deploy({ prune: 'true' }))).writes).toBe(0);

      // 6. Scan sees a zone in order.
      const scanned = passed(await scan(world), 'scan');
      if (perHostname) expect(scanned.summary).toContain('does not serve the association list');
      const findings = JSON.parse(scanned.outputs.findings ?? '[]') as {
        severity: string;
        message: string;
      }[];
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);

      expect(world.cf.invariantViolations()).toEqual([]);
    } finally {
      await world.close();
    }
  });
});

describe('request counts', () => {
  it('the per-hostname fallback costs one read per hostname; every other dialect the plan minimum', () => {
    if (idleRequests.size < MATRIX.length) return; // a filtered run: nothing to compare
    expect(idleRequests.get('default')).toBe(3);
    for (const dialect of [
      'voided-linger',
      'deleted-linger',
      'duplicate-1406',
      'null-writes',
      'ratelimit-headers',
    ] as const)
      expect(idleRequests.get(dialect)).toBe(3);
    // The refused list, then app, www and api on their own.
    expect(idleRequests.get('no-list-404')).toBe(3 + 3);
  });
});
