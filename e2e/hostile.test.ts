/**
 * Hostile or careless input, end to end: the bundled action spawned as the runner spawns it.
 * Whatever a repository or an API answer holds, the run ends with findings at file and line,
 * a summary and outputs, nothing active in what GitHub renders, and no secret in any form.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO } from '../test-support/cloudflare/echo.js';
import { JOB_TOKEN, startGitHubEmulator, type GitHubEmulator } from '../test-support/github/index.js';
import { encryptKeyPkcs8, makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { runAction, visibleText, type RunResult } from '../test-support/runner.js';
import { deployWorld, type DeployWorld } from './deploy-world.js';

const REPOSITORY = 'acme/edge';
const PR_PAYLOAD = {
  number: 3,
  pull_request: { number: 3, head: { sha: 'b'.repeat(40) }, base: { sha: '0'.repeat(40), ref: 'main' } },
};

interface Finding {
  severity: string;
  rule: string;
  file?: string;
  line?: number;
  message: string;
}

function manifest(extra = '', certificate = 'pki/app.crt'): string {
  return (
    'version: 1\nzones:\n  - zone: example.com\n    zone-id: 023e105f4ecef8ad9ca31a8372d0c353\n' +
    `    origin-ca: pki/rootca.crt\n    certificates:\n      - name: app\n        certificate: ${certificate}\n` +
    `        hostnames: [app.example.com]\n${extra}`
  );
}

const check = (workspace: string, more: Partial<Parameters<typeof runAction>[0]> = {}) =>
  runAction({
    workspace,
    eventName: 'pull_request',
    payload: PR_PAYLOAD,
    ...more,
    inputs: { comment: 'false', ...more.inputs },
  });

function findings(result: RunResult): Finding[] {
  return JSON.parse(result.outputs.findings ?? 'null') as Finding[];
}

/** A finding, not a crash: exit 1, no stack trace, no "unexpected error", and every report written. */
function expectReported(result: RunResult): void {
  expect(result.exitCode).toBe(1);
  expect(result.everything).not.toMatch(/unexpected error/i);
  expect(result.everything).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.summary).toContain('### Findings');
  expect(Object.keys(result.outputs)).toEqual(expect.arrayContaining(['findings', 'certificates', 'plan']));
}

let ca: Issued;
let app: Issued;

beforeAll(async () => {
  ca = await makeCA();
  app = await makeLeaf(ca, { dns: ['app.example.com'] });
});

describe('hostile files are findings at their file and line', () => {
  it('a YAML alias bomb', async () => {
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map((name, i) =>
        i === 0
          ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(', ')}]`,
      )
      .join('\n');
    const repo = await makeRepo({
      'aop-certs.yml': `${bomb}\n${manifest()}`,
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
    });
    const result = await check(repo);
    expectReported(result);
    expect(findings(result)).toEqual([
      expect.objectContaining({ rule: 'manifest.yaml', file: 'aop-certs.yml', line: 2 }),
    ]);
  });

  it('an extension file whose variables expand past 64 KiB', async () => {
    const doubling = Array.from({ length: 40 }, (_, i) => `v${i + 1} = $v${i}$v${i}`).join('\n');
    const repo = await makeRepo({
      'aop-certs.yml': manifest('        extensions: pki/app.ext\n'),
      'pki/app.ext': `extensions = ext\n[vars]\nv0 = ${'A'.repeat(1000)}\n${doubling}\n[ext]\nsubjectAltName = DNS:\${vars::v40}\n`,
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
    });
    const result = await check(repo);
    expectReported(result);
    const parse = findings(result).filter((found) => found.rule === 'extfile.parse');
    expect(parse).toEqual([
      expect.objectContaining({
        file: 'pki/app.ext',
        line: 10,
        message: expect.stringContaining('variable expansion too long'),
      }),
    ]);
  });

  const damaged = () => ca.certPem.replace(/\n([A-Za-z0-9+/]{8})/, '\n!$1');
  const notACertificate = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate at all!').toString('base64')}\n-----END CERTIFICATE-----\n`;

  it.each([
    ['damaged, alone', () => damaged(), '', 1, 'input.single_cert', false],
    ['damaged, beside a good CA', () => ca.certPem + damaged(), '', 'second', 'input.single_cert', true],
    [
      'not a certificate, beside a good CA, with extensions:',
      () => ca.certPem + notACertificate,
      'ext',
      'second',
      'ca.decode',
      true,
    ],
    [
      'not a certificate, before a good CA, with extensions:',
      () => notACertificate + ca.certPem,
      'ext',
      1,
      'ca.decode',
      true,
    ],
  ] as const)(
    'an origin-ca block that does not read: %s',
    async (_label, originCa, ext, line, rule, stillIssued) => {
      const text = originCa();
      const secondBlock = text.split('\n').findIndex((row, i) => i > 0 && row.startsWith('-----BEGIN')) + 1;
      const files: Record<string, string> = {
        'aop-certs.yml': manifest(ext ? '        extensions: pki/app.ext\n' : ''),
        'pki/rootca.crt': text,
        'pki/app.crt': app.certPem,
      };
      if (ext) {
        files['pki/app.ext'] =
          'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:app.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
      }
      const result = await check(await makeRepo(files));
      expectReported(result);
      const all = findings(result);
      expect(all.filter((found) => found.file === 'pki/rootca.crt')).toEqual([
        expect.objectContaining({ rule, severity: 'error', line: line === 'second' ? secondBlock : line }),
      ]);
      const issuance = all.filter((found) => found.rule === 'chain.issued_by_ca');
      expect(issuance).toHaveLength(stillIssued ? 0 : 1);
    },
  );
});

describe('one root cause, one finding', () => {
  it('a CA committed as the leaf, with an extension file: only leaf.not_ca, with its fix', async () => {
    const other = await makeCA({ cn: 'app.example.com' });
    const repo = await makeRepo({
      'aop-certs.yml': manifest('        extensions: pki/app.ext\n'),
      'pki/app.ext': 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n',
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': other.certPem,
    });
    const result = await check(repo);
    expectReported(result);
    expect(findings(result).map((found) => `${found.rule}@${found.file}`)).toEqual([
      'leaf.not_ca@pki/app.crt',
    ]);
    expect(result.summary).toContain('Upload the leaf, not the CA');
  });
});

describe('the leaked-key scan', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'aop-hostile-keys-'));
  });

  it('finds keys in DER, PKCS#12 (with a password too), JSON strings and OpenSSH keys', async () => {
    const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
    writeFileSync(path.join(folder, 'key.pem'), leaf.keyPem);
    writeFileSync(path.join(folder, 'cert.pem'), leaf.certPem);
    const p12 = (password: string) => {
      const out = path.join(folder, `${password.length}.p12`);
      execFileSync(
        'openssl',
        [
          'pkcs12',
          '-export',
          '-inkey',
          'key.pem',
          '-in',
          'cert.pem',
          '-out',
          out,
          '-passout',
          `pass:${password}`,
        ],
        {
          cwd: folder,
          stdio: 'pipe',
        },
      );
      return readFileSync(out);
    };
    const sshKey = path.join(folder, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', sshKey], { stdio: 'pipe' });
    const repo = await makeRepo({
      'aop-certs.yml': manifest(),
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': app.certPem,
      'pki/app.key.der': new Uint8Array(
        createPrivateKey(leaf.keyPem).export({ type: 'pkcs8', format: 'der' }),
      ),
      'pki/bundle.p12': p12(''),
      'pki/locked.pfx': p12('a good password'),
      'pki/settings.json': JSON.stringify({ note: 'tls', key: leaf.keyPem }, null, 2),
      'pki/deploy_key': readFileSync(sshKey, 'utf8'),
    });
    const result = await check(repo);
    expectReported(result);
    const leaked = findings(result)
      .filter((found) => found.rule === 'secret.plaintext_key')
      .map((found) => [found.file, found.line ?? null]);
    expect(leaked).toEqual([
      ['pki/app.key.der', null],
      ['pki/bundle.p12', null],
      ['pki/deploy_key', 1],
      ['pki/locked.pfx', null],
      ['pki/settings.json', 3],
    ]);
  });
});

describe('untrusted text is inert in the PR comment and the summary', () => {
  let github: GitHubEmulator;
  beforeAll(async () => {
    github = await startGitHubEmulator();
    github
      .addRepo(REPOSITORY)
      .addPullRequest({ number: 3, head: { ref: 'feature', sha: 'b'.repeat(40) }, base: { ref: 'main' } });
  });
  afterAll(() => github.close());

  it('a subject, SANs and a file name that try mentions, references, links, images and HTML', async () => {
    const hostile = await makeLeaf(ca, {
      cn: 'app.example.com @octocat #1234 [x](https://evil.example/a) www.evil.example',
      dns: ['app.example.com', '@octocat.example.com', 'www.evil.example', '<img src=x onerror=alert(1)>'],
    });
    const file = 'pki/@octocat #12 [x](https:evil.example).crt';
    const repo = await makeRepo({
      'aop-certs.yml': manifest('', JSON.stringify(file)),
      'pki/rootca.crt': ca.certPem,
      [file]: hostile.certPem,
    });
    const result = await check(repo, {
      githubApiUrl: github.url,
      repository: REPOSITORY,
      inputs: { comment: 'true', 'github-token': JOB_TOKEN },
    });
    const [comment] = github.repo(REPOSITORY).commentsOn(3);
    expect(comment?.body).toContain('octocat');
    for (const markdown of [comment!.body, result.summary]) {
      const text = markdown
        .replace(/```mermaid\n[\s\S]*?\n```/g, '')
        .replace(/\]\(https:\/\/github\.com\/[^()\s]*\)/g, '')
        .replace(/`[^`\n]*`/g, '');
      for (const active of [/@octocat/, /#12/, /(^|[^\\])\]\(/, /<img/, /https:\/\/evil/, /www\.evil/]) {
        expect(text, String(active)).not.toMatch(active);
      }
    }
  });
});

describe('no secret in any form, on any channel, when Cloudflare echoes the request', () => {
  let world: DeployWorld;
  afterAll(() => world?.close());

  /** Every RUN-long run of a secret's body, every 5 characters, and its base64 forms. */
  function forms(secret: string): string[] {
    const body = secret
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join('');
    const runs: string[] = [];
    for (let start = 0; start + 24 <= body.length; start += 5) runs.push(body.slice(start, start + 24));
    return [
      ...runs,
      Buffer.from(secret).toString('base64').slice(0, 24),
      Buffer.from(secret).toString('base64url').slice(0, 24),
    ];
  }

  function expectNoSecret(result: RunResult, secrets: string[]): void {
    const everywhere = [visibleText(result), ...world.github.requests.map((request) => request.body)].join(
      '\n',
    );
    for (const secret of secrets) {
      if (secret.length >= 8) expect(everywhere).not.toContain(secret);
      for (const form of forms(secret)) expect(everywhere).not.toContain(form);
    }
  }

  it('token and PEM key from the environment', async () => {
    world = await deployWorld();
    const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }]);
    world.cf.injectFault('uploadCertificate', {
      status: 400,
      code: 1002,
      message: `Invalid request: ${ECHO}`,
    });
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    expect(visibleText(result)).toMatch(/Invalid request: request body: .*\*\*\*/);
    expectNoSecret(result, [leaf.keyPem, world.cf.token]);
  });

  it('the token, echoed into a check whose report goes to the PR comment', async () => {
    await world.close();
    world = await deployWorld();
    const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
    await world.commit(ca, [{ name: 'app', leaf, hostnames: ['app.example.com'] }]);
    world.repoState.addPullRequest({
      number: 1,
      head: { ref: 'feature', sha: 'b'.repeat(40) },
      base: { ref: 'main' },
    });
    world.cf.injectFault('listCertificates', {
      status: 400,
      code: 1002,
      message: `Invalid request: ${ECHO}`,
      count: 9,
    });
    const result = await world.check({ comment: 'true' });
    const [comment] = world.repoState.commentsOn(1);
    expect(comment?.body).toMatch(/Invalid request: request body: .*\*\*\*/);
    expectNoSecret(result, [world.cf.token, leaf.keyPem]);
  });

  it('an encrypted key file and its passphrase', async () => {
    await world.close();
    world = await deployWorld();
    const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
    const passphrase = 'a passphrase nobody may read';
    const encrypted = encryptKeyPkcs8(leaf.keyPem, passphrase);
    await world.commitFiles(
      {
        'aop-certs.yml': manifest(
          `        private-key:\n          file: pki/app.key.enc\n          passphrase-env: AOP_PASS\n`,
        ),
        'pki/rootca.crt': ca.certPem,
        'pki/app.crt': leaf.certPem,
        'pki/app.key.enc': encrypted,
      },
      { AOP_PASS: passphrase },
    );
    world.cf.injectFault('uploadCertificate', {
      status: 400,
      code: 1002,
      message: `Invalid request: ${ECHO}`,
    });
    const result = await world.deploy();
    expect(result.exitCode).toBe(1);
    expect(visibleText(result)).toMatch(/Invalid request: request body: .*\*\*\*/);
    const decrypted = createPrivateKey({ key: encrypted, passphrase })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expectNoSecret(result, [decrypted, passphrase, world.cf.token]);
  });
});
