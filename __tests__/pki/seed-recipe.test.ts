/**
 * The PKI of Cloudflare's recipe, made with its own openssl commands, passes; each mistake nginx
 * was measured to reject (cert-validation.md §2.3) is caught by the rule that explains it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/findings.js';
import { makeSeedPki, type SeedPki } from '../../test-support/seed-recipe.js';
import { check, summary } from './support.js';

/** The extension file of the research run (§6): the recipe's CA:FALSE plus the usual client lines. */
const FULL_EXTFILE = `authorityKeyIdentifier=keyid,issuer
basicConstraints=CA:FALSE
keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment
extendedKeyUsage = clientAuth
subjectAltName = @alt_names

[alt_names]
DNS.1 = app.example.com
`;

let seed: SeedPki;
let otherSeed: SeedPki;
let rootPem: string;

beforeAll(async () => {
  [seed, otherSeed] = await Promise.all([makeSeedPki({ bits: 2048 }), makeSeedPki({ bits: 2048 })]);
  rootPem = await seed.file('rootca.crt');
}, 60_000);

afterAll(() => {
  for (const pki of [seed, otherSeed]) if (pki) rmSync(pki.folder, { recursive: true, force: true });
});

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: seed.folder, stdio: ['ignore', 'ignore', 'pipe'] });
}

const errors = (findings: Finding[]) => summary(findings.filter((finding) => finding.severity === 'error'));

describe("the seed recipe's PKI", () => {
  it.each([
    ['with the recipe extension file (basicConstraints=CA:FALSE)', undefined],
    ['with the full client extension file', FULL_EXTFILE],
  ])('passes with no error %s, and its key matches', async (_name, extfile) => {
    const leaf = await seed.leaf({
      name: extfile ? 'full' : 'recipe',
      cn: 'app.example.com',
      ...(extfile ? { extfile } : {}),
    });
    const result = await check(leaf.certPem, rootPem, {
      key: { source: 'env', variable: 'AOP_KEY_APP', pem: leaf.keyPem },
    });
    expect(errors(result.findings)).toEqual([]);
    expect(result.facts).toMatchObject({ keyDescription: 'RSA 2048', issuedByOriginCa: true, daysLeft: 729 });
    expect(result.privateKeyPem).toBeDefined();
  });
});

describe('the failure modes measured against nginx', () => {
  it('EKU serverAuth only (nginx 26: unsuitable certificate purpose) → eku.client_auth', async () => {
    const leaf = await seed.leaf({
      name: 'server',
      cn: 'app.example.com',
      extfile: 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    });
    expect(errors((await check(leaf.certPem, rootPem)).findings)).toEqual(['eku.client_auth:error']);
  });

  it('KU keyEncipherment only (nginx 26) → ku.signing', async () => {
    const leaf = await seed.leaf({
      name: 'encipher',
      cn: 'app.example.com',
      extfile: 'basicConstraints=CA:FALSE\nkeyUsage=keyEncipherment\n',
    });
    expect(errors((await check(leaf.certPem, rootPem)).findings)).toEqual(['ku.signing:error']);
  });

  it('the CA uploaded as the leaf (accepted by nginx, refused by Cloudflare) → leaf.not_ca', async () => {
    expect(errors((await check(rootPem, rootPem)).findings)).toEqual(['leaf.not_ca:error']);
  });

  it('signed by a different CA (nginx 20/21) → chain.issued_by_ca', async () => {
    const stranger = await otherSeed.leaf({ name: 'stranger', cn: 'app.example.com' });
    expect(errors((await check(stranger.certPem, rootPem)).findings)).toEqual(['chain.issued_by_ca:error']);
  });

  describe('dates (openssl ca -startdate/-enddate)', () => {
    function signWithDates(name: string, start: string, end: string): string {
      const folder = seed.folder;
      writeFileSync(path.join(folder, 'index.txt'), '');
      writeFileSync(path.join(folder, 'serial.txt'), '1000\n');
      writeFileSync(
        path.join(folder, 'ca.cnf'),
        [
          '[ca]',
          'default_ca = local',
          '[local]',
          'database = index.txt',
          'new_certs_dir = .',
          'certificate = rootca.crt',
          'private_key = rootca.key',
          'serial = serial.txt',
          'default_md = sha256',
          'policy = any',
          'unique_subject = no',
          '[any]',
          'commonName = supplied',
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(folder, 'dates.v3.ext'), 'basicConstraints=CA:FALSE\n');
      openssl([
        'req',
        '-new',
        '-nodes',
        '-newkey',
        'rsa:2048',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        '/CN=app.example.com',
      ]);
      openssl([
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-passin',
        `pass:${seed.caPassphrase}`,
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.crt`,
        '-notext',
        '-startdate',
        start,
        '-enddate',
        end,
        '-extfile',
        'dates.v3.ext',
      ]);
      return readFileSync(path.join(folder, `${name}.crt`), 'utf8');
    }

    it('expired (nginx 10) → expiry.expired', async () => {
      const pem = signWithDates('expired', '20200101000000Z', '20200201000000Z');
      const result = await check(pem, rootPem);
      expect(errors(result.findings)).toEqual(['expiry.expired:error']);
      expect(result.findings.find((finding) => finding.rule === 'expiry.expired')!.message).toMatch(
        /expired on 2020-02-01/,
      );
    });

    it('not yet valid (nginx 9) → validity.window', async () => {
      const start =
        new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
      const pem = signWithDates('future', start, '20991231000000Z');
      const result = await check(pem, rootPem);
      expect(errors(result.findings)).toEqual(['validity.window:error']);
      expect(result.findings.find((finding) => finding.rule === 'validity.window')!.message).toMatch(
        /not valid yet/,
      );
    });
  });

  it('an intermediate whose EKU excludes clientAuth (nginx 26 at depth 1) → chain.ca_eku', async () => {
    writeFileSync(
      path.join(seed.folder, 'intermediate.v3.ext'),
      'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nextendedKeyUsage=serverAuth\n',
    );
    openssl([
      'req',
      '-new',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      'intermediate.key',
      '-out',
      'intermediate.csr',
      '-subj',
      '/CN=Intermediate',
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      'intermediate.csr',
      '-CA',
      'rootca.crt',
      '-CAkey',
      'rootca.key',
      '-passin',
      `pass:${seed.caPassphrase}`,
      '-CAcreateserial',
      '-out',
      'intermediate.crt',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      'intermediate.v3.ext',
    ]);
    writeFileSync(
      path.join(seed.folder, 'leaf.v3.ext'),
      'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n',
    );
    openssl([
      'req',
      '-new',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      'sub.key',
      '-out',
      'sub.csr',
      '-subj',
      '/CN=app.example.com',
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      'sub.csr',
      '-CA',
      'intermediate.crt',
      '-CAkey',
      'intermediate.key',
      '-CAcreateserial',
      '-out',
      'sub.crt',
      '-days',
      '90',
      '-sha256',
      '-extfile',
      'leaf.v3.ext',
    ]);
    const intermediatePem = readFileSync(path.join(seed.folder, 'intermediate.crt'), 'utf8');
    const leafPem = readFileSync(path.join(seed.folder, 'sub.crt'), 'utf8');
    const result = await check(leafPem, intermediatePem + rootPem);
    expect(errors(result.findings)).toEqual(['chain.ca_eku:error']);
    expect(result.findings.find((finding) => finding.rule === 'chain.ca_eku')!.message).toMatch(/depth 1/);
  });
});
