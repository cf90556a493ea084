/**
 * `import` end to end: the bundled action reads what Cloudflare serves in a zone and proposes
 * it as manifest entries in one pull request; merged with the CA added, check passes and the
 * first deploy writes nothing.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filesOfCommit, pullBody } from '../test-support/github/git-data.js';
import { JOB_TOKEN } from '../test-support/github/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { deployWorld, REPOSITORY, ZONE_ID, type DeployWorld } from './deploy-world.js';

let world: DeployWorld;
let ca: Issued;

beforeAll(async () => {
  ca = await makeCA({ cn: 'Edge Origin Pull CA' });
});

afterEach(async () => {
  await world?.close();
});

const clientLeaf = (cn: string, dns: string[]) =>
  makeLeaf(ca, { cn, dns, eku: ['clientAuth'], keyUsage: 1, keyUsageCritical: true, days: 200 });

function importRun(zoneIds: string): Promise<RunResult> {
  return runAction({
    workspace: world.workspace,
    eventName: 'workflow_dispatch',
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    githubApiUrl: world.github.url,
    payload: {},
    inputs: {
      command: 'import',
      'import-zone-ids': zoneIds,
      'api-token': world.cf.token,
      'api-url': world.cf.url,
      'github-token': JOB_TOKEN,
    },
  });
}

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

describe('import', () => {
  it('adopts a zone with three certificates: one PR, check passes once the CA is added, the first deploy writes nothing', async () => {
    world = await deployWorld();
    const app = await clientLeaf('app.example.com', ['app.example.com', 'www.example.com']);
    const appAgain = await clientLeaf('app.example.com', ['app.example.com']);
    const wildcard = await clientLeaf('*.example.com', ['*.example.com']);
    const unused = await clientLeaf('old.example.com', ['old.example.com']);
    world.cf.seedCertificate(ZONE_ID, app.certPem, { hostnames: ['app.example.com', 'www.example.com'] });
    world.cf.seedCertificate(ZONE_ID, appAgain.certPem, { hostnames: ['admin.example.com'] });
    world.cf.seedCertificate(ZONE_ID, wildcard.certPem, {
      hostnames: ['api.example.com', 'static.example.com'],
    });
    const unusedId = world.cf.seedCertificate(ZONE_ID, unused.certPem);
    await world.commitFiles({ 'README.md': 'edge\n' });

    // A bare zone ID needs the zone's name from Cloudflare; without it the error says what to write.
    const bare = await importRun(ZONE_ID);
    expect(bare.exitCode).toBe(1);
    expect(bare.stdout).toContain(`example.com=${ZONE_ID}`);
    expect(world.repoState.pullRequests).toHaveLength(0);

    const before = world.cf.writeCount();
    const result = await importRun(`example.com=${ZONE_ID}`);
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.cf.writeCount()).toBe(before);
    expect(world.repoState.pullRequests).toHaveLength(1);
    const pull = world.repoState.pullRequests[0]!;
    expect(pull.head.ref).toBe('aop-certs/import');
    expect(pull.title).toBe('aop-certs: import example.com (3 certificates)');
    expect(result.outputs['pull-request-number']).toBe(String(pull.number));
    const skipped = json<{ rule: string; message: string }[]>(result, 'findings').filter(
      (finding) => finding.rule === 'import.skipped',
    );
    expect(skipped.map((finding) => finding.message)).toEqual([
      `example.com: certificate ${unusedId} serves no hostname, so the manifest has nothing to map it to; the zone keeps \`delete-replaced: false\` so that deploy does not delete it.`,
    ]);

    const files = filesOfCommit(world.repoState, world.repoState.branches.get('aop-certs/import')!);
    expect(Object.keys(files).sort()).toEqual([
      'aop-certs.yml',
      'pki/example.com/app-2.crt',
      'pki/example.com/app.crt',
      'pki/example.com/wildcard.crt',
    ]);
    expect(files['pki/example.com/app.crt']).toBe(
      app.certPem.endsWith('\n') ? app.certPem : `${app.certPem}\n`,
    );
    expect(files['aop-certs.yml']).toContain('origin-ca: pki/example.com/origin-ca.crt');
    // The certificate that serves no hostname is signed by the same CA: deploy would delete it.
    expect(files['aop-certs.yml']).toContain('delete-replaced: false');
    expect(files['aop-certs.yml']).toContain('env: AOP_KEY_EXAMPLE_COM_APP_2');
    expect(files['aop-certs.yml']).toMatch(/hostnames:\s*\n?\s*-? ?\[?api\.example\.com/);

    const body = pullBody(world.repoState, pull.number)!;
    expect(body).toContain('CN=Edge Origin Pull CA');
    expect(body).toContain('`pki/example.com/origin-ca.crt`');
    expect(body).toContain('needs no key until it changes');
    expect(body).toContain('it writes nothing');
    expect(body).toContain(`keeps \`delete-replaced: false\`: Cloudflare holds \`${unusedId}\``);

    // The merge, with the CA the pull request asked for.
    await world.commitFiles({ ...files, 'pki/example.com/origin-ca.crt': ca.certPem });
    const check = await world.check();
    expect(check.exitCode, check.stdout).toBe(0);
    const errors = json<{ severity: string }[]>(check, 'findings').filter(
      (finding) => finding.severity === 'error',
    );
    expect(errors).toEqual([]);

    const writesBefore = world.cf.writeCount();
    const deploy = await world.deploy();
    expect(deploy.exitCode, deploy.stdout).toBe(0);
    expect(world.cf.writeCount() - writesBefore).toBe(0);
    expect(json<string[]>(deploy, 'uploaded')).toEqual([]);

    // A second import of the same zone is refused: it is in the manifest now.
    const again = await importRun(`example.com=${ZONE_ID}`);
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toContain('already in the manifest');
  }, 120_000);
});
