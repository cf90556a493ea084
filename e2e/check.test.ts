/** `check` end to end: the bundled action spawned as the runner spawns it, on repositories made now. */
import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, encryptKeyPkcs8, makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import {
  keyLines,
  nodeBinary,
  runAction,
  visibleText,
  type NodeRuntime,
  type RunResult,
} from '../test-support/runner.js';

const PR_PAYLOAD = { number: 3, pull_request: { number: 3, base: { sha: '0'.repeat(40), ref: 'main' } } };

function manifest(certificates: string, zone = 'example.com'): string {
  return `version: 1\nzones:\n  - zone: ${zone}\n    zone-id: 023e105f4ecef8ad9ca31a8372d0c353\n    origin-ca: pki/rootca.crt\n    certificates:\n${certificates}`;
}

function entry(name: string, hostnames: string[], extra = ''): string {
  return `      - name: ${name}\n        certificate: pki/${name}.crt\n        hostnames: [${hostnames.join(', ')}]\n${extra}`;
}

// These runs are about the checks themselves: the PR comment is tested in pr-comment.test.ts.
const check = (
  workspace: string,
  runtime: NodeRuntime,
  more: Partial<Parameters<typeof runAction>[0]> = {},
) =>
  runAction({
    workspace,
    runtime,
    eventName: 'pull_request',
    payload: PR_PAYLOAD,
    ...more,
    inputs: { comment: 'false', ...more.inputs },
  });

function json<T>(result: RunResult, output: string): T {
  return JSON.parse(result.outputs[output] ?? 'null') as T;
}

function expectCleanFailure(result: RunResult): void {
  expect(result.exitCode).toBe(1);
  expect(result.everything).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(result.stderr).toBe('');
}

let ca: Issued;
let app: Issued;

beforeAll(async () => {
  ca = await makeCA();
  app = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'] });
});

describe('the runtimes the e2e tests use', () => {
  it.each([
    ['node20', /^v20\./],
    ['node24', /^v24\./],
  ] as const)('%s is that Node', (runtime, version) => {
    expect(execFileSync(nodeBinary(runtime), ['--version'], { encoding: 'utf8' }).trim()).toMatch(version);
  });
});

describe.each<NodeRuntime>(['node20', 'node24'])('check on %s', (runtime) => {
  it('passes a clean repository and reports the certificate in outputs and summary', async () => {
    const repo = await makeRepo({
      'aop-certs.yml': manifest(entry('app', ['app.example.com', 'www.example.com'])),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
    });
    const result = await check(repo, runtime);
    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter((annotation) => annotation.level === 'error')).toEqual([]);
    const [certificate] = json<Record<string, unknown>[]>(result, 'certificates');
    expect(certificate).toMatchObject({
      zone: 'example.com',
      name: 'app',
      id: null,
      hostnames: ['app.example.com', 'www.example.com'],
      serial: app.cert.serialNumber,
      sha256: Buffer.from(await app.cert.getThumbprint('SHA-256')).toString('hex'),
      verdict: 'ok',
    });
    expect(certificate!['days-left']).toBe(Math.floor((app.cert.notAfter.getTime() - Date.now()) / DAY_MS));
    expect(json(result, 'findings')).toEqual([]);
    expect(result.summary).toContain('aop-certs check: ✅ passed');
    expect(result.summary).toContain(
      '| app | `app.example.com`<br>`www.example.com` | `CN=app.example.com` |',
    );
    expect(result.summary).toContain('No plan was computed');
  });

  it('fails with one annotation per finding, at the file and line, when a CA is committed as a leaf', async () => {
    const repo = await makeRepo({
      'aop-certs.yml': manifest(entry('app', ['app.example.com']) + entry('ca', ['ca.example.com'])),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
      'pki/ca.crt': ca.certPem,
    });
    const result = await check(repo, runtime);
    expectCleanFailure(result);
    const findings = json<{ rule: string; file: string; line: number }[]>(result, 'findings');
    const onCa = findings.filter((finding) => finding.file === 'pki/ca.crt');
    expect(onCa).toContainEqual(expect.objectContaining({ rule: 'leaf.not_ca', line: 1 }));
    const annotations = result.annotations.filter(
      (annotation) => annotation.properties.file === 'pki/ca.crt',
    );
    expect(annotations).toHaveLength(onCa.length);
    expect(annotations[0]).toMatchObject({ level: 'error', properties: { file: 'pki/ca.crt', line: '1' } });
    expect(annotations.map((annotation) => annotation.message)).toContainEqual(
      expect.stringMatching(/^example.com\/ca: The certificate is a CA .*Fix: /),
    );
    expect(findings.filter((finding) => finding.file === 'pki/app.crt')).toEqual([]);
    expect(result.stdout).toMatch(/^::error::aop-certs check: ❌ failed \(\d+ errors?/m);
  });
});

describe('check: what users get wrong', () => {
  it('reports manifest syntax errors at the manifest line, without a stack trace', async () => {
    const repo = await makeRepo({
      'aop-certs.yml': 'version: 1\nzones:\n  - zone: example.com\n   origin-ca: x\n',
    });
    const result = await check(repo, 'node20');
    expectCleanFailure(result);
    expect(result.annotations[0]).toMatchObject({
      level: 'error',
      properties: { file: 'aop-certs.yml', line: '4' },
    });
  });

  it('names the input when an input is bad, and fails through setFailed', async () => {
    const repo = await makeRepo({ 'aop-certs.yml': manifest(entry('app', ['app.example.com'])) });
    const result = await check(repo, 'node20', { inputs: { 'warn-days': 'soon' } });
    expectCleanFailure(result);
    expect(result.stdout).toContain(
      '::error::Input "warn-days" must be a whole number from 0 to 3650, got "soon".',
    );
  });

  it('refuses both authentication styles at once', async () => {
    const repo = await makeRepo({ 'aop-certs.yml': manifest(entry('app', ['app.example.com'])) });
    const result = await check(repo, 'node20', {
      inputs: { 'api-token': 'tok-123456789', 'auth-email': 'a@example.com', 'auth-key': 'k-123456789' },
    });
    expectCleanFailure(result);
    expect(result.stdout).toMatch(/::error::Inputs "api-token" and "auth-email"\/"auth-key" are both set/);
  });

  it('asks for an explicit command on an event auto does not map', async () => {
    const repo = await makeRepo({ 'aop-certs.yml': manifest(entry('app', ['app.example.com'])) });
    const result = await runAction({ workspace: repo, eventName: 'workflow_dispatch' });
    expectCleanFailure(result);
    expect(result.stdout).toMatch(
      /::error::"command: auto" does not know what to do on a "workflow_dispatch" event/,
    );
  });

  it('refuses a certificate that is a symbolic link, before reading it', async () => {
    const outside = await makeRepo({ 'elsewhere.crt': app.certPem });
    const repo = await makeRepo({
      'aop-certs.yml': manifest(entry('app', ['app.example.com'])),
      'pki/rootca.crt': ca.certPem,
    });
    await symlink(path.join(outside, 'elsewhere.crt'), path.join(repo, 'pki', 'app.crt'));
    const result = await check(repo, 'node20');
    expectCleanFailure(result);
    expect(result.annotations[0]!.message).toMatch(/pki\/app.crt cannot be used: it is a symbolic link/);
    expect(result.annotations[0]!.properties).toMatchObject({ file: 'aop-certs.yml', line: '8' });
  });

  it('annotates 10 findings of a kind at most, counting the rest, and lists all in the summary', async () => {
    const entries = Array.from({ length: 12 }, (_, index) =>
      entry(`c${index}`, [`h${index}.example.org`]),
    ).join('');
    const files: Record<string, string> = {
      'aop-certs.yml': manifest(entries),
      'pki/rootca.crt': ca.certPem,
    };
    for (let index = 0; index < 12; index++) files[`pki/c${index}.crt`] = app.certPem;
    const result = await check(await makeRepo(files), 'node20');
    expectCleanFailure(result);
    const errorFindings = json<{ severity: string }[]>(result, 'findings').filter(
      (finding) => finding.severity === 'error',
    );
    expect(errorFindings.length).toBeGreaterThanOrEqual(12);
    const errors = result.annotations.filter((annotation) => annotation.level === 'error');
    // 9 findings, 1 that counts the rest, and the setFailed line.
    expect(errors).toHaveLength(11);
    expect(errors[9]!.message).toMatch(
      new RegExp(`^${errorFindings.length - 9} more error findings are not annotated here`),
    );
    expect(result.summary.match(/\*\*manifest.hostname_zone\*\*/g)).toHaveLength(12);
  });

  it('blocks expiry only for a changed certificate: unchanged ones against the base commit warn', async () => {
    const soon = await makeLeaf(ca, { dns: ['app.example.com'], days: 5 });
    const files = {
      'aop-certs.yml': manifest(entry('app', ['app.example.com'])),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': soon.certPem,
    };
    const { commitAll } = await import('../test-support/repo.js');
    const repo = await makeRepo(files);
    const base = commitAll(repo, 'base');
    const unchanged = await check(repo, 'node20', {
      payload: { number: 3, pull_request: { number: 3, base: { sha: base, ref: 'main' } } },
    });
    expect(unchanged.exitCode).toBe(0);
    expect(json(unchanged, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'warning' }),
    );
    const changed = await check(repo, 'node20');
    expectCleanFailure(changed);
    expect(json(changed, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'error' }),
    );
  });
});

describe('secrets never leave the process', () => {
  it('masks keys, passphrases and tokens before anything else and prints them nowhere', async () => {
    const passphrase = 'correct-horse-battery-staple-42';
    const token = 'cf-token-SECRET-0123456789abcdef';
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    const repo = await makeRepo({
      'aop-certs.yml': manifest(
        entry('app', ['app.example.com'], '        private-key:\n          env: AOP_KEY_APP\n') +
          entry(
            'api',
            ['api.example.com'],
            '        private-key:\n          file: pki/api.key.enc\n          passphrase-env: AOP_KEY_PASS\n',
          ),
      ),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
      'pki/api.crt': api.certPem,
      'pki/api.key.enc': encryptKeyPkcs8(api.keyPem, passphrase),
    });
    const result = await check(repo, 'node24', {
      inputs: { 'api-token': token, 'api-url': 'http://127.0.0.1:9/client/v4' },
      env: { AOP_KEY_APP: app.keyPem, AOP_KEY_PASS: passphrase },
    });
    const visible = visibleText(result);
    // The key bodies joined too, in case a line break in an output hides a line.
    const joined = (pem: string) => keyLines(pem).join('');
    for (const secret of [token, passphrase, joined(app.keyPem), joined(api.keyPem)]) {
      expect(visible.replace(/\n/g, '')).not.toContain(secret);
    }
    for (const line of keyLines(app.keyPem)) {
      expect(visible).not.toContain(line);
      expect(result.stdout).toContain(`::add-mask::${line}`);
    }
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(result.stdout).toContain(`::add-mask::${passphrase}`);
    expect(result.stdout.indexOf(`::add-mask::${token}`)).toBeLessThan(
      result.stdout.indexOf('aop-certs check'),
    );
    expect(json(result, 'findings')).not.toContainEqual(
      expect.objectContaining({ rule: 'key.present_and_matches' }),
    );
  });
});

describe('line endings', () => {
  it('with eol=crlf, an unchanged expiring certificate is still unchanged, so it never blocks the renewal of another', async () => {
    const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
    const soon = await makeLeaf(ca, { dns: ['app.example.com'], days: 5 });
    const api = await makeLeaf(ca, { dns: ['api.example.com'] });
    const { commitAll, writeFiles } = await import('../test-support/repo.js');
    // As a Windows-minded checkout leaves them: CRLF on disk, LF in git.
    const repo = await makeRepo({
      '.gitattributes': '*.crt text eol=crlf\n*.yml text eol=crlf\n',
      'aop-certs.yml': crlf(manifest(entry('app', ['app.example.com']) + entry('api', ['api.example.com']))),
      'pki/rootca.crt': crlf(ca.certPem),
      'pki/app.crt': crlf(soon.certPem),
      'pki/api.crt': crlf(api.certPem),
    });
    const base = commitAll(repo, 'base');
    const renewed = await makeLeaf(ca, { dns: ['api.example.com'] });
    await writeFiles(repo, { 'pki/api.crt': crlf(renewed.certPem) });
    const result = await check(repo, 'node20', {
      payload: { number: 3, pull_request: { number: 3, base: { sha: base, ref: 'main' } } },
    });
    expect(result.exitCode).toBe(0);
    expect(json(result, 'findings')).toContainEqual(
      expect.objectContaining({ rule: 'expiry.critical', severity: 'warning', file: 'pki/app.crt' }),
    );
  });
});
