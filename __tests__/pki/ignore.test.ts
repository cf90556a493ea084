import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import type { Finding } from '../../src/findings.js';
import { suppressIgnored } from '../../src/pki/index.js';
import { applyIgnoreLists } from '../../src/pki/ignore.js';
import { scanZones } from '../../src/scan/index.js';
import { association, entry, input, POLICY, remoteCert, repoCert } from '../scan/support.js';
import { check, ofRule } from './support.js';

let ca: Issued;
let expiring: Issued;

const ENTRY = { file: 'aop-certs.yml', line: 9 };

beforeAll(async () => {
  ca = await makeCA();
  expiring = await makeLeaf(ca, { days: 20 });
});

describe('ignore', () => {
  it('keeps an ignored finding but marks it suppressed', async () => {
    const { findings } = await check(expiring, ca, { ignore: ['expiry.warn'] });
    expect(ofRule(findings, 'expiry.warn')).toMatchObject([{ suppressed: true }]);
  });

  it('does not suppress other rules', async () => {
    const { findings } = await check(expiring, ca, { ignore: ['leaf.not_ca'] });
    expect(ofRule(findings, 'expiry.warn')[0]?.suppressed).toBeUndefined();
  });

  it('reports an unknown rule ID at the manifest entry', async () => {
    const { findings } = await check(expiring, ca, { ignore: ['expiry.warm'], manifestEntry: ENTRY });
    expect(ofRule(findings, 'ignore.unknown_rule')).toMatchObject([
      { severity: 'error', file: 'aop-certs.yml', line: 9, message: /expiry\.warm/ },
    ]);
  });

  it('accepts the rule IDs of every module: extension file, plan, scan', async () => {
    const { findings } = await check(expiring, ca, {
      ignore: ['extfile.parse', 'plan.repoint_unowned', 'scan.hostname_drift'],
      manifestEntry: ENTRY,
    });
    expect(findings.filter((finding) => finding.rule.startsWith('ignore.'))).toEqual([]);
  });

  it('accepts an old ID with a notice naming the new one, and suppresses under it', async () => {
    const { findings } = await check(expiring, ca, { ignore: ['scan.expiring'], manifestEntry: ENTRY });
    expect(ofRule(findings, 'expiry.warn')).toMatchObject([{ suppressed: true }]);
    expect(ofRule(findings, 'ignore.renamed_rule')).toMatchObject([
      { severity: 'notice', file: 'aop-certs.yml', line: 9, message: /"scan\.expiring".*`expiry\.warn`/ },
    ]);
  });

  it('warns about a rule that cannot be suppressed, old ID or not, and suppresses nothing', async () => {
    const { findings } = await check(expiring, ca, {
      ignore: ['manifest.schema', 'key.committed_plaintext'],
      manifestEntry: ENTRY,
    });
    expect(ofRule(findings, 'ignore.not_suppressible')).toMatchObject([
      { severity: 'warning', line: 9, message: /"manifest\.schema"/ },
      { severity: 'warning', line: 9, message: /"key\.committed_plaintext" \(now `secret\.plaintext_key`\)/ },
    ]);
    expect(ofRule(findings, 'ignore.renamed_rule')).toEqual([]);
  });

  it('keeps an ID that also names a split-off fact covering both (validity.window and expiry.expired)', async () => {
    const expired = await makeLeaf(ca, {
      notBefore: new Date(Date.now() - 60 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const { findings } = await check(expired, ca, { ignore: ['validity.window'], manifestEntry: ENTRY });
    expect(ofRule(findings, 'expiry.expired')).toMatchObject([{ suppressed: true }]);
    expect(findings.filter((finding) => finding.rule.startsWith('ignore.'))).toEqual([]);
  });
});

describe('applyIgnoreLists', () => {
  const zones = [
    {
      zone: 'example.com',
      certificates: [{ name: 'app', ignore: ['scan.expiring_critical', 'scan.orphan'] }],
    },
  ];
  const about = (rule: Finding['rule'], certificate?: string): Finding => ({
    severity: 'error',
    rule,
    message: 'm',
    zone: 'example.com',
    ...(certificate ? { certificate } : {}),
  });

  it("marks a later stage's findings about a certificate whose ignore list covers them (old IDs too)", () => {
    const marked = applyIgnoreLists(
      [about('expiry.critical', 'app'), about('expiry.critical', 'api'), about('expiry.warn', 'app')],
      zones,
    );
    expect(marked.map((finding) => finding.suppressed)).toEqual([true, undefined, undefined]);
  });

  it('never marks a rule that cannot be suppressed, nor a finding about no certificate', () => {
    const marked = applyIgnoreLists([about('scan.orphan', 'app'), about('expiry.critical')], zones);
    expect(marked.map((finding) => finding.suppressed)).toEqual([undefined, undefined]);
  });
});

describe('ignore: in a scan', () => {
  it("suppresses scan's copy of a fact under the ID check uses, old IDs too, and asks no one to act on it", () => {
    const app = { ...entry('app', ['app.example.com']), ignore: ['expiry.warn'] };
    const api = { ...entry('api', ['api.example.com']), ignore: ['scan.expiring_critical'] };
    const web = entry('web', ['web.example.com']);
    const zone = input(
      [repoCert(app, 'sha-app', 20), repoCert(api, 'sha-api', 10), repoCert(web, 'sha-web', 10)],
      [remoteCert('id-app', 'sha-app'), remoteCert('id-api', 'sha-api'), remoteCert('id-web', 'sha-web')],
      ['app', 'api', 'web'].map((name) => association(`${name}.example.com`, `id-${name}`)),
    );
    const result = scanZones([zone], POLICY, 'critical', []);
    expect(result.findings.map((finding) => [finding.certificate, finding.rule, finding.suppressed])).toEqual(
      [
        ['app', 'expiry.warn', true],
        ['api', 'expiry.critical', true],
        ['web', 'expiry.critical', undefined],
      ],
    );
    expect(result.items.map((item) => item.certificate)).toEqual(['web']);
    expect(result.rows.map((row) => [row.name, row.verdict])).toEqual([
      ['app', 'ok'],
      ['api', 'ok'],
      ['web', 'error'],
    ]);
  });
});

describe('suppressIgnored', () => {
  it('marks findings of other checks (the extension file) that the ignore list names', () => {
    const findings: Finding[] = [
      { severity: 'warning', rule: 'extfile.undeclared', message: 'm' },
      { severity: 'error', rule: 'extfile.mismatch', message: 'm' },
    ];
    expect(suppressIgnored(findings, ['extfile.undeclared']).map((finding) => finding.suppressed)).toEqual([
      true,
      undefined,
    ]);
  });
});
