/**
 * `deploy` of the bundled action against a real throwaway zone: first deploy, rotation and
 * clean-up. Opt-in: `npm run bundle`, then `npm run test:live` with AOP_LIVE_ZONE_ID,
 * AOP_LIVE_API_TOKEN ("SSL and Certificates Write" on that zone), AOP_LIVE_ZONE_NAME and
 * AOP_LIVE_HOSTNAME (a hostname in that zone, not serving anything that matters: it is pointed at
 * test certificates, then its association is removed). AOP_LIVE_API_URL overrides the base URL.
 * No GitHub is involved: github-token is empty, so deploy warns that it cannot ask for the branch
 * head and goes on. What the test uploads is deleted in afterAll, even when a step fails.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCloudflareClient,
  type ClosableCloudflareClient,
  type HostnameCertificate,
} from '../src/cloudflare/index.js';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo, writeFiles } from '../test-support/repo.js';
import { REPO_ROOT, runAction, type RunResult } from '../test-support/runner.js';

const REQUIRED = ['AOP_LIVE_ZONE_ID', 'AOP_LIVE_API_TOKEN', 'AOP_LIVE_ZONE_NAME', 'AOP_LIVE_HOSTNAME'];
const missing = REQUIRED.filter((name) => !process.env[name]);
const zoneId = process.env.AOP_LIVE_ZONE_ID ?? '';
const token = process.env.AOP_LIVE_API_TOKEN ?? '';
const zoneName = process.env.AOP_LIVE_ZONE_NAME ?? '';
const hostname = process.env.AOP_LIVE_HOSTNAME ?? '';
const apiUrl = process.env.AOP_LIVE_API_URL || 'https://api.cloudflare.com/client/v4';
const KEY_VARIABLE = 'AOP_KEY_LIVE';
/** Statuses of a certificate on its way out: what a delete leaves behind for a while. */
const GOING = new Set(['pending_deletion', 'deleted']);

function manifest(withCertificate: boolean): string {
  const certificates = withCertificate
    ? `\n      - name: live\n        certificate: pki/live.crt\n        private-key:\n          env: ${KEY_VARIABLE}\n        hostnames: [${hostname}]\n`
    : ' []\n';
  return `version: 1\nzones:\n  - zone: ${zoneName}\n    zone-id: ${zoneId}\n    origin-ca: pki/rootca.crt\n    certificates:${certificates}`;
}

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

describe.skipIf(missing.length > 0)('deploy against a real zone', () => {
  let client: ClosableCloudflareClient;
  let ca: Issued;
  let workspace: string;
  let leaf: Issued | undefined;
  /** Every certificate this test uploaded, for the clean-up in afterAll. */
  const uploadedIds: string[] = [];

  async function deploy(inputs: Record<string, string> = {}): Promise<RunResult> {
    await writeFiles(workspace, {
      'aop-certs.yml': manifest(leaf !== undefined),
      ...(leaf ? { 'pki/live.crt': leaf.certPem } : {}),
    });
    const result = await runAction({
      workspace,
      runtime: 'node24',
      eventName: 'push',
      ref: 'refs/heads/main',
      payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
      inputs: {
        'api-token': token,
        'api-url': apiUrl,
        comment: 'false',
        'wait-active-seconds': '600',
        ...inputs,
      },
      env: leaf ? { [KEY_VARIABLE]: leaf.keyPem } : {},
    });
    uploadedIds.push(...json<string[]>(result, 'uploaded'));
    console.log(
      `live deploy: exit ${result.exitCode}; ${result.summary.match(/\d+ requests to Cloudflare[^.]*/)?.[0]}`,
    );
    expect(result.exitCode, result.stdout).toBe(0);
    const visible = result.everything
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(visible).not.toContain(token);
    if (leaf) expect(visible).not.toContain(leaf.keyPem.split('\n')[1]);
    return result;
  }

  /** The certificate ID the hostname is enabled on, if any. */
  async function servingId(): Promise<string | undefined> {
    const associations = await client.listHostnames(zoneId);
    return associations.find(
      (association) =>
        association.hostname === hostname &&
        association.enabled === true &&
        !GOING.has(association.status ?? ''),
    )?.certId;
  }

  async function present(id: string): Promise<HostnameCertificate | undefined> {
    return (await client.listCertificates(zoneId)).find(
      (certificate) => certificate.id === id && !GOING.has(certificate.status),
    );
  }

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('Run `npm run bundle` first.');
    client = createCloudflareClient({ apiUrl, auth: { kind: 'token', token } });
    ca = await makeCA({ cn: 'aop-certs live deploy CA' });
    workspace = await makeRepo({ 'pki/rootca.crt': ca.certPem });
  });

  afterAll(async () => {
    for (const id of uploadedIds) {
      if (!(await present(id).catch(() => undefined))) continue;
      if ((await servingId().catch(() => undefined)) === id) {
        await client.putHostnames(zoneId, [{ hostname, certId: id, enabled: null }]).catch(() => undefined);
      }
      await client.deleteCertificate(zoneId, id).catch((error: unknown) => {
        console.warn(`live deploy: could not delete ${id}; delete it by hand: ${String(error)}`);
      });
    }
    await client?.close();
  });

  it('first deploy: uploads a leaf made now, waits for it, and serves it on the hostname', async () => {
    leaf = await makeLeaf(ca, { dns: [hostname], days: 30 });
    const result = await deploy();
    const uploaded = json<string[]>(result, 'uploaded');
    expect(uploaded).toHaveLength(1);
    expect((await present(uploaded[0]!))?.status).toBe('active');
    expect(await servingId()).toBe(uploaded[0]);
    const [row] = json<{ name: string; id: string; status: string }[]>(result, 'certificates');
    expect(row).toMatchObject({ name: 'live', id: uploaded[0], status: 'active' });
  });

  it('rotation: a new leaf for the same hostname replaces the old one, which is deleted', async () => {
    const previous = await servingId();
    expect(previous, 'the first deploy left nothing serving').toBeDefined();
    leaf = await makeLeaf(ca, { dns: [hostname], days: 30 });
    const result = await deploy();
    const uploaded = json<string[]>(result, 'uploaded');
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).not.toBe(previous);
    expect(await servingId()).toBe(uploaded[0]);
    expect(await present(previous!)).toBeUndefined();
  });

  it('clean-up: an emptied zone with prune removes the association and the certificate', async () => {
    const serving = await servingId();
    expect(serving, 'the rotation left nothing serving').toBeDefined();
    leaf = undefined;
    const result = await deploy({ prune: 'true' });
    expect(json(result, 'uploaded')).toEqual([]);
    expect(await servingId()).toBeUndefined();
    expect(await present(serving!)).toBeUndefined();
  });
});

if (missing.length > 0) {
  const why = `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`;
  console.warn(`live deploy test skipped: ${why}`);
  describe('deploy against a real zone', () => {
    it.skip(`skipped: ${why} (a throwaway zone and a hostname in it)`, () => {});
  });
}
