import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { check, ofRule, summary } from './support.js';

let ca: Issued;
const now = new Date();
const daysFromNow = (days: number): Date => new Date(now.getTime() + days * DAY_MS);

beforeAll(async () => {
  ca = await makeCA();
});

async function validityFindings(window: { notBefore?: Date; notAfter: Date }, changed: boolean) {
  const leaf = await makeLeaf(ca, window);
  const { findings, facts } = await check(leaf, ca, { now, changed });
  return { findings: findings.filter((finding) => /^(validity|expiry)\./.test(finding.rule)), facts };
}

describe('validity window and expiry', () => {
  it('passes a certificate with more than warn-days left, and counts its days', async () => {
    const { findings, facts } = await validityFindings({ notAfter: daysFromNow(90.5) }, true);
    expect(findings).toEqual([]);
    expect(facts?.daysLeft).toBe(90);
  });

  it.each([
    ['expired', { notBefore: daysFromNow(-60), notAfter: daysFromNow(-1) }, 'expiry.expired', /expired/],
    [
      'not yet valid',
      { notBefore: daysFromNow(2), notAfter: daysFromNow(400) },
      'validity.window',
      /not valid yet/,
    ],
    ['within fail-days', { notAfter: daysFromNow(10) }, 'expiry.critical', /in 9 days|in 10 days/],
  ])('%s: an error when changed, a warning when unchanged', async (_name, window, rule, message) => {
    const changed = await validityFindings(window, true);
    expect(summary(changed.findings)).toEqual([`${rule}:error`]);
    expect(changed.findings[0]!.message).toMatch(message);
    expect(changed.findings[0]!.fix).toBeTruthy();
    const unchanged = await validityFindings(window, false);
    expect(summary(unchanged.findings)).toEqual([`${rule}:warning`]);
  });

  it('warns within warn-days whether or not the certificate changed', async () => {
    for (const changed of [true, false]) {
      const { findings } = await validityFindings({ notAfter: daysFromNow(20) }, changed);
      expect(summary(findings)).toEqual(['expiry.warn:warning']);
    }
  });

  it('reports an empty window as an error even when unchanged', async () => {
    const { findings } = await validityFindings(
      { notBefore: daysFromNow(-1), notAfter: daysFromNow(-2) },
      false,
    );
    expect(ofRule(findings, 'validity.window')).toMatchObject([{ severity: 'error', message: /empty/ }]);
  });
});

describe('asking whether the certificate changed', () => {
  /** The check with `changed` as a question, counting how often it is asked. */
  async function asking(window: { notBefore?: Date; notAfter: Date }, answer: boolean) {
    const leaf = await makeLeaf(ca, window);
    let asked = 0;
    const changed = async () => {
      asked += 1;
      return answer;
    };
    const { findings } = await check(leaf, ca, { now, changed });
    return { asked, findings: findings.filter((finding) => /^(validity|expiry)\./.test(finding.rule)) };
  }

  it.each([
    ['more than warn-days left', { notAfter: daysFromNow(90) }],
    ['within warn-days', { notAfter: daysFromNow(20) }],
    ['an empty window', { notBefore: daysFromNow(-1), notAfter: daysFromNow(-2) }],
  ])('does not ask when the answer changes no finding: %s', async (_name, window) => {
    expect((await asking(window, false)).asked).toBe(0);
  });

  it.each([
    ['expired', { notBefore: daysFromNow(-60), notAfter: daysFromNow(-1) }, 'expiry.expired'],
    ['not yet valid', { notBefore: daysFromNow(2), notAfter: daysFromNow(400) }, 'validity.window'],
    ['within fail-days', { notAfter: daysFromNow(10) }, 'expiry.critical'],
  ])('asks once, and follows the answer: %s', async (_name, window, rule) => {
    const changed = await asking(window, true);
    expect(changed.asked).toBe(1);
    expect(summary(changed.findings)).toEqual([`${rule}:error`]);
    const unchanged = await asking(window, false);
    expect(unchanged.asked).toBe(1);
    expect(summary(unchanged.findings)).toEqual([`${rule}:warning`]);
  });
});

describe('validity.max', () => {
  it('passes the recipe leaf (730 days) under a longer-lived CA', async () => {
    const leaf = await makeLeaf(ca, { days: 730 });
    expect(ofRule((await check(leaf, ca, { now })).findings, 'validity.max')).toEqual([]);
  });

  it('warns on a very long validity', async () => {
    const leaf = await makeLeaf(ca, { days: 1000 });
    expect(ofRule((await check(leaf, ca, { now })).findings, 'validity.max')).toMatchObject([
      { severity: 'warning', message: /valid for 100\d days/ },
    ]);
  });

  it('warns on a leaf that outlives its CA', async () => {
    const shortCa = await makeCA({ days: 60 });
    const leaf = await makeLeaf(shortCa, { days: 90 });
    expect(ofRule((await check(leaf, shortCa, { now })).findings, 'validity.max')).toMatchObject([
      { severity: 'warning', message: /outlives its CA/ },
    ]);
  });
});
