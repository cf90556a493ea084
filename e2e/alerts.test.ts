/**
 * Expiry alerts as code, end to end against the emulator's notification policies: check shows
 * the change, deploy makes exactly one policy of ours (and touches no other), scan reports it
 * missing or disabled, and a token without the Notifications permission is told so by name.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JOB_TOKEN } from '../test-support/github/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { deployWorld, REPOSITORY, type DeployWorld } from './deploy-world.js';

const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const ALERT_TYPE = 'hostname_aop_custom_certificate_expiration_type';

const findings = (result: RunResult) =>
  JSON.parse(result.outputs.findings ?? '[]') as {
    rule: string;
    severity: string;
    message: string;
    fix: string | null;
  }[];

let ca: Issued;
let leaf: Issued;
let world: DeployWorld | undefined;

beforeAll(async () => {
  ca = await makeCA();
  leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function withAlerts(alerts: string): Promise<DeployWorld> {
  const created = await deployWorld();
  await created.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }]);
  const manifest = await readFile(path.join(created.workspace, 'aop-certs.yml'), 'utf8');
  await created.commitFiles({ 'aop-certs.yml': `${manifest}alerts:\n${alerts}` });
  return created;
}

function scan(target: DeployWorld): Promise<RunResult> {
  return runAction({
    workspace: target.workspace,
    eventName: 'schedule',
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    githubApiUrl: target.github.url,
    payload: { schedule: '0 6 * * *' },
    inputs: { 'api-token': target.cf.token, 'api-url': target.cf.url, 'github-token': JOB_TOKEN },
  });
}

const alertWrites = (target: DeployWorld) =>
  target.cf.requestLog.filter((entry) => entry.path.includes('/alerting/') && entry.write);

describe('expiry alerts as code', () => {
  it('check shows the policy deploy would create; deploy creates exactly it and leaves other policies alone', async () => {
    world = await withAlerts(
      `  account-id: ${ACCOUNT}\n  email: [oncall@example.com]\n  webhooks: [6f1c9a2e-0b7d-4a35-9b1e-2f6c8d4e7a10]\n`,
    );
    const theirs = world.cf.alerting.seedPolicy(ACCOUNT, {
      name: 'Team B expiry alerts',
      alert_type: ALERT_TYPE,
      mechanisms: { email: [{ id: 'team-b@example.com' }] },
    });
    const before = structuredClone(world.cf.alerting.policies(ACCOUNT));

    const checked = await world.check();
    expect(checked.summary).toContain('### Expiry alerts');
    expect(checked.summary).toContain('On merge, deploy would:');
    expect(checked.summary).toContain(
      `create the expiry alert policy on account ${ACCOUNT}, enabled, notifying e-mail \`oncall@example.com\`, webhook \`6f1c9a2e-0b7d-4a35-9b1e-2f6c8d4e7a10\``,
    );
    expect(alertWrites(world)).toEqual([]);

    const deployed = await world.deploy();
    expect(deployed.exitCode).toBe(0);
    const policies = world.cf.alerting.policies(ACCOUNT);
    expect(policies).toHaveLength(2);
    expect(policies.find((policy) => policy.id === theirs)).toEqual(before[0]);
    const ours = policies.find((policy) => policy.id !== theirs)!;
    expect(ours).toMatchObject({
      enabled: true,
      alert_type: ALERT_TYPE,
      mechanisms: {
        email: [{ id: 'oncall@example.com' }],
        webhooks: [{ id: '6f1c9a2e-0b7d-4a35-9b1e-2f6c8d4e7a10' }],
        pagerduty: [],
      },
    });
    expect(ours.description).toContain('[aop-certs:aop-certs.yml]');

    world.cf.clearRequestLog();
    const again = await world.deploy();
    expect(again.summary).toContain('Nothing to change.');
    expect(alertWrites(world)).toEqual([]);
  });

  it('scan reports the policy missing, then disabled; deploy puts it back', async () => {
    world = await withAlerts(`  account-id: ${ACCOUNT}\n  email: [oncall@example.com]\n`);
    const missing = await scan(world);
    expect(findings(missing)).toContainEqual(
      expect.objectContaining({ rule: 'alerts.missing', severity: 'warning' }),
    );
    expect(world.repoState.issues[0]?.body).toContain('No expiry alert policy of this manifest exists');

    await world.deploy();
    const [ours] = world.cf.alerting.policies(ACCOUNT);
    ours!.enabled = false;
    ours!.mechanisms = { email: [{ id: 'someone-else@example.com' }] };
    const disabled = await scan(world);
    expect(findings(disabled)).toContainEqual(expect.objectContaining({ rule: 'alerts.disabled' }));
    expect(findings(disabled).find((finding) => finding.rule === 'alerts.disabled')?.message).toContain(
      'is disabled',
    );

    const restored = await world.deploy();
    expect(restored.summary).toContain('update the expiry alert policy');
    expect(restored.summary).toContain(
      'enable it; email: add `oncall@example.com` and remove `someone-else@example.com`',
    );
    expect(world.cf.alerting.policies(ACCOUNT)).toEqual([
      expect.objectContaining({
        id: ours!.id,
        enabled: true,
        mechanisms: expect.objectContaining({ email: [{ id: 'oncall@example.com' }] }),
      }),
    ]);
    const clean = await scan(world);
    expect(findings(clean).filter((finding) => finding.rule.startsWith('alerts.'))).toEqual([]);
  });

  it('a token without "Notifications: Edit" is an error that names the permission', async () => {
    world = await withAlerts(
      `  account-id: ${ACCOUNT}\n  pagerduty: [5d3f0a8c-7b2e-4c19-a6d4-1e9f8b2c3a70]\n`,
    );
    world.cf.alerting.setPermission('read');
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    const finding = findings(result).find((candidate) => candidate.rule === 'alerts.permission');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('"Notifications"');
    expect(finding?.fix).toContain('"Notifications: Edit"');
    expect(world.cf.alerting.policies(ACCOUNT)).toEqual([]);
  });
});
