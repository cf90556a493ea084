/**
 * `renew` end to end: the bundled action proposes successors in one pull request through the
 * GitHub emulator's git data API; the files pass check, openssl and a real nginx, a second run
 * updates the same pull request, and the deploy after the merge serves the successors.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import renewedSchema from '../schemas/renewed.schema.json' with { type: 'json' };
import { filesOfCommit, pullBody, storedBlobs } from '../test-support/github/git-data.js';
import { JOB_TOKEN, READ_ONLY_TOKEN } from '../test-support/github/index.js';
import { keyLines, runAction, visibleText, type RunResult } from '../test-support/runner.js';
import { makeSeedPki, type SeedPki } from '../test-support/seed-recipe.js';
import { writeFiles } from '../test-support/repo.js';
import { deployWorld, REPOSITORY, ZONE_ID, type DeployWorld } from './deploy-world.js';

const EXTFILE = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = clientAuth',
  'subjectAltName = DNS:app.example.com, DNS:www.example.com',
  'authorityKeyIdentifier = keyid, issuer',
  '',
].join('\n');
const API_EXTFILE =
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:api.example.com\n';
const LEAF_PASSPHRASE = 'leaf-passphrase-7f3a9c';
const BRANCH = 'aop-certs/renew';

let world: DeployWorld;

afterEach(async () => {
  await world?.close();
});

interface RenewWorld {
  pki: SeedPki;
  env: Record<string, string>;
  /** Every secret of the world: none may appear on any channel. */
  secrets: string[];
  appKeyPem: string;
  apiKeyPem: string;
  oldApp: X509Certificate;
  oldApi: X509Certificate;
}

function openssl(folder: string, args: string[]): string {
  return execFileSync('openssl', args, { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The seed's PKI: app (key committed encrypted, 10 days left) and api (key in a secret, 20 days left). */
async function renewWorld(): Promise<RenewWorld> {
  world = await deployWorld();
  const pki = await makeSeedPki({ bits: 2048 });
  const app = await pki.leaf({ name: 'app', cn: 'app.example.com', days: 10, extfile: EXTFILE, bits: 2048 });
  const api = await pki.leaf({
    name: 'api',
    cn: 'api.example.com',
    days: 20,
    extfile: API_EXTFILE,
    bits: 2048,
  });
  openssl(pki.folder, [
    'pkcs8',
    '-topk8',
    '-v2',
    'aes-256-cbc',
    '-in',
    'app.key',
    '-out',
    'app.key.enc',
    '-passout',
    `pass:${LEAF_PASSPHRASE}`,
  ]);
  const manifest = [
    'version: 1',
    'zones:',
    '  - zone: example.com',
    `    zone-id: ${ZONE_ID}`,
    '    origin-ca: pki/rootca.crt',
    '    renew:',
    '      ca-key-env: AOP_CA_KEY',
    '      ca-passphrase-env: AOP_CA_PASSPHRASE',
    '    certificates:',
    '      - name: app',
    '        certificate: pki/app.crt',
    '        extensions: pki/app.v3.ext',
    '        private-key: { file: pki/app.key.enc, passphrase-env: AOP_APP_PASSPHRASE }',
    '        hostnames: [app.example.com, www.example.com]',
    '      - name: api',
    '        certificate: pki/api.crt',
    '        extensions: pki/api.v3.ext',
    '        private-key: { env: AOP_KEY_API }',
    '        hostnames: [api.example.com]',
    '',
  ].join('\n');
  const caKey = await pki.file('rootca.key');
  const env = {
    AOP_CA_KEY: caKey,
    AOP_CA_PASSPHRASE: pki.caPassphrase,
    AOP_APP_PASSPHRASE: LEAF_PASSPHRASE,
    AOP_KEY_API: api.keyPem,
  };
  await world.commitFiles(
    {
      'aop-certs.yml': manifest,
      'pki/rootca.crt': await pki.file('rootca.crt'),
      'pki/app.crt': app.certPem,
      'pki/app.v3.ext': EXTFILE,
      'pki/app.key.enc': await pki.file('app.key.enc'),
      'pki/api.crt': api.certPem,
      'pki/api.v3.ext': API_EXTFILE,
    },
    env,
  );
  world.cf.seedCertificate(ZONE_ID, app.certPem, { hostnames: ['app.example.com', 'www.example.com'] });
  world.cf.seedCertificate(ZONE_ID, api.certPem, { hostnames: ['api.example.com'] });
  return {
    pki,
    env,
    secrets: [
      ...keyLines(caKey),
      ...keyLines(app.keyPem),
      ...keyLines(api.keyPem),
      pki.caPassphrase,
      LEAF_PASSPHRASE,
    ],
    appKeyPem: app.keyPem,
    apiKeyPem: api.keyPem,
    oldApp: new X509Certificate(app.certPem),
    oldApi: new X509Certificate(api.certPem),
  };
}

function renewRun(
  target: RenewWorld,
  inputs: Record<string, string> = {},
  token = JOB_TOKEN,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return runAction({
    workspace: world.workspace,
    eventName: 'schedule',
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    githubApiUrl: world.github.url,
    payload: { schedule: '0 6 * * 1' },
    inputs: {
      command: 'renew',
      'api-token': world.cf.token,
      'api-url': world.cf.url,
      'github-token': token,
      ...inputs,
    },
    env: { ...target.env, ...env },
  });
}

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

function expectPassed(result: RunResult): void {
  if (result.exitCode !== 0) throw new Error(`the run failed:\n${result.stdout}\n${result.stderr}`);
}

interface RenewedItem {
  zone: string;
  name: string;
  'old-serial': string;
  'new-serial': string;
  'old-sha256': string;
  'new-sha256': string;
  'new-not-after': string;
  key: 'new' | 'same';
}

function prFiles(): Record<string, string> {
  const repo = world.repoState;
  return filesOfCommit(repo, repo.branches.get(BRANCH)!);
}

/** A checkout of the PR's head: the default branch with the PR's files on top. */
async function checkoutPullRequest(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'aop-pr-'));
  await cp(world.workspace, folder, { recursive: true });
  await writeFiles(folder, files);
  return folder;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real nginx on loopback with `ssl_verify_client on` and the zone CA; returns a stop function. */
async function startNginx(
  caPem: string,
): Promise<{ port: number; stop: () => void; log: () => Promise<string> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'aop-nginx-'));
  openssl(folder, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-subj',
    '/CN=origin.example.com',
  ]);
  await writeFile(path.join(folder, 'ca.crt'), caPem);
  const port = await freePort();
  await writeFile(
    path.join(folder, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${folder}/nginx.pid;`,
      `error_log ${folder}/error.log info;`,
      'events { worker_connections 16; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (kind) => `  ${kind}_temp_path ${folder}/${kind};`,
      ),
      '  server {',
      `    listen 127.0.0.1:${port} ssl;`,
      `    ssl_certificate ${folder}/server.crt;`,
      `    ssl_certificate_key ${folder}/server.key;`,
      `    ssl_client_certificate ${folder}/ca.crt;`,
      '    ssl_verify_client on;',
      '    location / { return 200 "verified $ssl_client_verify $ssl_client_serial\\n"; }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(
    'nginx',
    ['-p', folder, '-c', path.join(folder, 'nginx.conf'), '-e', path.join(folder, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer();
      socket.once('error', () => resolve(true));
      socket.listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    stop: () => child.kill('SIGTERM'),
    log: () => readFile(path.join(folder, 'error.log'), 'utf8'),
  };
}

/** GET / with a client certificate and its key (in memory), as Cloudflare's edge would connect. */
function fetchWithClientCertificate(
  port: number,
  cert: string,
  key: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', cert, key, rejectUnauthorized: false },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Hostname → SHA-256 of the certificate serving it. */
function served(): Record<string, string> {
  const byId = new Map(
    world.cf.certificates(ZONE_ID).map((certificate) => [certificate.id, certificate.sha256]),
  );
  return Object.fromEntries(
    world.cf
      .associations(ZONE_ID)
      .filter((association) => association.enabled === true)
      .map((association) => [association.hostname, byId.get(association.certId) ?? ''])
      .sort(([a], [b]) => a!.localeCompare(b!)),
  );
}

describe('renew', () => {
  it('opens one PR whose files pass check, openssl and nginx; a second run updates it; the deploy after the merge serves the successors', async () => {
    const target = await renewWorld();
    const runs: RunResult[] = [];

    const first = await renewRun(target);
    runs.push(first);
    expectPassed(first);
    expect(world.repoState.pullRequests).toHaveLength(1);
    const pull = world.repoState.pullRequests[0]!;
    expect(pull.head.ref).toBe(BRANCH);
    expect(pull.title).toBe('aop-certs: renew example.com/app, example.com/api');
    expect(first.outputs['pull-request-number']).toBe(String(pull.number));
    expect(first.outputs['pull-request-url']).toContain(`/pull/${pull.number}`);

    const renewed = json<RenewedItem[]>(first, 'renewed');
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(renewedSchema);
    expect(validate(renewed), JSON.stringify(validate.errors)).toBe(true);
    expect(renewed.map((item) => [item.name, item.key])).toEqual([
      ['app', 'new'],
      ['api', 'same'],
    ]);
    const files = prFiles();
    expect(Object.keys(files).sort()).toEqual(['pki/api.crt', 'pki/app.crt', 'pki/app.key.enc']);
    const newApp = new X509Certificate(files['pki/app.crt']!);
    const newApi = new X509Certificate(files['pki/api.crt']!);

    // The successor: same subject, a fresh serial of at least 64 bits, the CA's signature, validity-days.
    for (const [next, old, item] of [
      [newApp, target.oldApp, renewed[0]!],
      [newApi, target.oldApi, renewed[1]!],
    ] as const) {
      expect(next.subject).toBe(old.subject);
      expect(next.serialNumber.toLowerCase()).toBe(item['new-serial']);
      expect(item['new-serial']).not.toBe(item['old-serial']);
      expect(BigInt(`0x${item['new-serial']}`) >= 2n ** 63n).toBe(true);
      expect(next.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(item['new-sha256']);
      const days = (Date.parse(next.validTo) - Date.parse(next.validFrom)) / 86_400_000;
      expect(days).toBe(365);
      expect(new Date(item['new-not-after']).getTime()).toBe(Date.parse(next.validTo));
    }
    // app: a new key of the same size, committed only as PKCS#8/PBES2; api: the same public key.
    const keyFile = files['pki/app.key.enc']!;
    expect(keyFile).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const newAppKey = createPrivateKey({ key: keyFile, passphrase: LEAF_PASSPHRASE });
    expect(newAppKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(newAppKey).equals(newApp.publicKey)).toBe(true);
    expect(newApp.publicKey.equals(target.oldApp.publicKey)).toBe(false);
    expect(newApi.publicKey.equals(target.oldApi.publicKey)).toBe(true);
    const newAppKeyPem = newAppKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    target.secrets.push(...keyLines(newAppKeyPem));

    // The body: serials, fingerprints, validity, keys and the plan.
    const body = pullBody(world.repoState, pull.number)!;
    for (const item of renewed) {
      expect(body).toContain(item['old-serial']);
      expect(body).toContain(item['new-serial']);
      expect(body).toContain(item['new-sha256']);
    }
    expect(body).toContain(
      'same public key, renewed without a new key: the secret `AOP_KEY_API` stays as it is',
    );
    expect(body).toContain('Planned against what Cloudflare serves now');
    expect(body).toMatch(/upload/i);

    // openssl verify against the CA.
    const checkout = await checkoutPullRequest(files);
    expect(openssl(checkout, ['verify', '-CAfile', 'pki/rootca.crt', 'pki/app.crt'])).toContain(
      'pki/app.crt: OK',
    );
    expect(openssl(checkout, ['verify', '-CAfile', 'pki/rootca.crt', 'pki/api.crt'])).toContain(
      'pki/api.crt: OK',
    );

    // The PR's check: every lint, the extension files, the keys and the plan.
    const check = await runAction({
      workspace: checkout,
      eventName: 'pull_request',
      repository: REPOSITORY,
      githubApiUrl: world.github.url,
      payload: {
        number: pull.number,
        pull_request: { number: pull.number, head: { sha: pull.head.sha }, base: { ref: 'main' } },
      },
      inputs: {
        'api-token': world.cf.token,
        'api-url': world.cf.url,
        'github-token': JOB_TOKEN,
        comment: 'false',
      },
      env: target.env,
    });
    runs.push(check);
    expectPassed(check);
    const findings = json<{ severity: string; rule: string; file: string }[]>(check, 'findings');
    // Only the CA made by the seed recipe (no keyUsage) draws a hygiene warning; the successors none.
    expect(
      findings.filter((finding) => finding.severity !== 'notice' && finding.file !== 'pki/rootca.crt'),
    ).toEqual([]);

    // A real nginx with ssl_verify_client on accepts the successor and refuses a connection without one.
    const nginx = await startNginx(await target.pki.file('rootca.crt'));
    try {
      const accepted = await fetchWithClientCertificate(nginx.port, files['pki/app.crt']!, newAppKeyPem);
      expect(accepted).toEqual({ status: 200, body: `verified SUCCESS ${newApp.serialNumber}\n` });
      const apiAccepted = await fetchWithClientCertificate(
        nginx.port,
        files['pki/api.crt']!,
        target.apiKeyPem,
      );
      expect(apiAccepted.status).toBe(200);
      const refused = await fetchWithClientCertificate(nginx.port, files['pki/app.crt']!, newAppKeyPem).then(
        () =>
          new Promise<number>((resolve) => {
            const req = request(
              { host: '127.0.0.1', port: nginx.port, path: '/', rejectUnauthorized: false },
              (response) => resolve(response.statusCode ?? 0),
            );
            req.on('error', () => resolve(-1));
            req.end();
          }),
      );
      expect(refused).toBe(400);
    } finally {
      nginx.stop();
    }

    // A second run updates the same PR: one PR, its branch force-moved, its body edited.
    const second = await renewRun(target);
    runs.push(second);
    expectPassed(second);
    expect(world.repoState.pullRequests).toHaveLength(1);
    expect(second.outputs['pull-request-number']).toBe(String(pull.number));
    const again = json<RenewedItem[]>(second, 'renewed');
    expect(again[0]!['new-serial']).not.toBe(renewed[0]!['new-serial']);
    expect(pullBody(world.repoState, pull.number)).toContain(again[0]!['new-serial']);
    expect(pullBody(world.repoState, pull.number)).not.toContain(renewed[0]!['new-serial']);
    const merged = prFiles();
    target.secrets.push(
      ...keyLines(
        createPrivateKey({ key: merged['pki/app.key.enc']!, passphrase: LEAF_PASSPHRASE })
          .export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      ),
    );

    // The merge, then the deploy: a rotation that serves the successors.
    await world.commitFiles(merged);
    const deploy = await world.deploy();
    runs.push(deploy);
    expectPassed(deploy);
    const sha = (pem: string) => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(served()).toEqual({
      'api.example.com': sha(merged['pki/api.crt']!),
      'app.example.com': sha(merged['pki/app.crt']!),
      'www.example.com': sha(merged['pki/app.crt']!),
    });
    expect(world.cf.invariantViolations()).toEqual([]);

    // Nothing left to renew: the open PR is left alone, and the run says so.
    const bodyBefore = pullBody(world.repoState, pull.number);
    const headBefore = world.repoState.branches.get(BRANCH);
    const idle = await renewRun(target);
    runs.push(idle);
    expectPassed(idle);
    expect(idle.summary).toContain(
      `Nothing to renew; the open renewal pull request #\u2060${pull.number} is left as it is.`,
    );
    expect(json<RenewedItem[]>(idle, 'renewed')).toEqual([]);
    expect(pullBody(world.repoState, pull.number)).toBe(bodyBefore);
    expect(world.repoState.branches.get(BRANCH)).toBe(headBefore);

    // No secret on any channel, in any request to GitHub, or in any blob but the encrypted key file.
    const channels = [
      ...runs.map(visibleText),
      ...world.github.requests.map((recorded) => recorded.body),
      ...storedBlobs(world.repoState).filter(
        (blob) => !blob.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'),
      ),
      ...world.repoState.pullRequests.map((pr) => `${pr.title}\n${pullBody(world.repoState, pr.number)}`),
    ].join('\n');
    for (const secret of target.secrets) expect(channels).not.toContain(secret);
    const blobRequests = world.github.requests.filter((recorded) => recorded.path.endsWith('/git/blobs'));
    for (const recorded of blobRequests) {
      const content = Buffer.from(
        (JSON.parse(recorded.body) as { content: string }).content,
        'base64',
      ).toString();
      for (const secret of target.secrets) expect(content).not.toContain(secret);
    }
  }, 180_000);

  it('names a missing permission, a misspelt name and an unusable CA key; scan with renew: true updates the pull request', async () => {
    const target = await renewWorld();
    const denied = await renewRun(target, {}, READ_ONLY_TOKEN);
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toContain('contents: write');
    expect(world.repoState.pullRequests).toHaveLength(0);

    // A misspelt name fails the step, but does not hold back the renewals that are due.
    const unknown = await renewRun(target, { 'renew-names': 'example.com/nope' });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toContain('Input "renew-names" names example.com/nope, which no selected zone');
    expect(json<RenewedItem[]>(unknown, 'renewed').map((item) => item.name)).toEqual(['app', 'api']);
    expect(world.repoState.pullRequests).toHaveLength(1);
    const number = world.repoState.pullRequests[0]!.number;
    const body = pullBody(world.repoState, number);

    // Without a usable CA key nothing is signed, and the open pull request is not touched.
    const noCaKey = await runAction({
      workspace: world.workspace,
      eventName: 'workflow_dispatch',
      repository: REPOSITORY,
      githubApiUrl: world.github.url,
      inputs: { command: 'renew', 'github-token': JOB_TOKEN },
      env: { ...target.env, AOP_CA_KEY: '' },
    });
    expect(noCaKey.exitCode).toBe(1);
    expect(noCaKey.stdout).toContain('The CA key variable AOP_CA_KEY is empty or unset');
    expect(json<unknown[]>(noCaKey, 'renewed')).toEqual([]);
    const wrongPassphrase = await renewRun(target, {}, JOB_TOKEN, {
      AOP_CA_PASSPHRASE: 'not-the-passphrase',
    });
    expect(wrongPassphrase.exitCode).toBe(1);
    expect(wrongPassphrase.stdout).toContain('AOP_CA_PASSPHRASE does not decrypt it');
    for (const secret of target.secrets) expect(visibleText(wrongPassphrase)).not.toContain(secret);
    expect(pullBody(world.repoState, number)).toBe(body);

    const scanned = await runAction({
      workspace: world.workspace,
      eventName: 'schedule',
      ref: 'refs/heads/main',
      repository: REPOSITORY,
      githubApiUrl: world.github.url,
      payload: { schedule: '0 6 * * 1' },
      inputs: {
        command: 'scan',
        renew: 'true',
        'renew-names': 'api',
        'api-token': world.cf.token,
        'api-url': world.cf.url,
        'github-token': JOB_TOKEN,
        'fail-on-scan': 'never',
      },
      env: target.env,
    });
    expectPassed(scanned);
    expect(world.repoState.pullRequests).toHaveLength(1);
    expect(pullBody(world.repoState, number)).not.toBe(body);
    expect(json<RenewedItem[]>(scanned, 'renewed').map((item) => item.name)).toEqual(['app', 'api']);
    expect(scanned.outputs['pull-request-number']).toBe(String(world.repoState.pullRequests[0]!.number));
    // The scan's own report is still there: the tracking issue for the expiring certificates.
    expect(world.repoState.issues.length).toBe(1);
  }, 120_000);
});
