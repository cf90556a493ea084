import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { PKI_RULES, suppressIgnored } from '../../src/pki/index.js';
import { check, ofRule } from './support.js';

let ca: Issued;
let expiring: Issued;

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
    const { findings } = await check(expiring, ca, {
      ignore: ['expiry.warm'],
      manifestEntry: { file: 'aop-certs.yml', line: 9 },
    });
    expect(ofRule(findings, 'ignore.unknown_rule')).toMatchObject([
      { severity: 'error', file: 'aop-certs.yml', line: 9, message: /expiry\.warm/ },
    ]);
  });

  it('accepts rule IDs of other modules passed in', async () => {
    const { findings } = await check(expiring, ca, {
      ignore: ['extfile.parse'],
      extraRuleIds: ['extfile.parse'],
    });
    expect(ofRule(findings, 'ignore.unknown_rule')).toEqual([]);
  });

  it('lists every rule once, with a summary', () => {
    const ids = PKI_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of PKI_RULES) expect(rule.summary.length).toBeGreaterThan(10);
  });
});

describe('suppressIgnored', () => {
  it('marks findings of other checks (the extension file) that the ignore list names', () => {
    const findings = [
      { severity: 'warning' as const, rule: 'extfile.undeclared', message: 'm' },
      { severity: 'error' as const, rule: 'extfile.mismatch', message: 'm' },
    ];
    expect(suppressIgnored(findings, ['extfile.undeclared']).map((finding) => finding.suppressed)).toEqual([
      true,
      undefined,
    ]);
  });
});
