import { describe, expect, it } from 'vitest';
import { expiresOn, expiryItem, type DatedCertificate } from '../../src/scan/expiry.js';
import { inDays, NOW, POLICY } from './support.js';

function dated(days: number, serving: string[] = []): DatedCertificate {
  return {
    label: 'The certificate',
    notAfter: days === -1 ? new Date(NOW.getTime() - 1000) : inDays(days),
    serving,
    base: { zone: 'example.com', certificate: 'app', todo: 'renew', action: 'Renew it.' },
  };
}

describe('expiry against warn-days and fail-days', () => {
  it.each([
    [200, undefined, undefined],
    [30, undefined, undefined],
    [29, 'expiry.warn', 'warning'],
    [14, 'expiry.warn', 'warning'],
    [13, 'expiry.critical', 'critical'],
    [0, 'expiry.critical', 'critical'],
    [-1, 'expiry.expired', 'critical'],
  ])('%i days left → %s', (days, rule, level) => {
    const item = expiryItem(dated(days), POLICY);
    expect(item?.rule).toBe(rule);
    expect(item?.level).toBe(level);
  });

  it('says when it expires, which window it is in, and what it still serves', () => {
    const item = expiryItem(dated(10, ['app.example.com']), POLICY)!;
    expect(item.message).toBe(
      `The certificate expires on ${inDays(10).toISOString().slice(0, 10)}, in 10 days (fail-days is 14). It still serves app.example.com.`,
    );
    expect(item).toMatchObject({ hostnames: ['app.example.com'], expiresOn: inDays(10), todo: 'renew' });
  });

  it('computes days from expires_on: an expired certificate has no status of its own', () => {
    const item = expiryItem({ ...dated(0), notAfter: expiresOn('2026-11-20T00:00:00Z')! }, POLICY)!;
    expect(item.rule).toBe('expiry.expired');
    expect(item.message).toContain('expired on 2026-11-20');
    expect(expiresOn(undefined)).toBeUndefined();
    expect(expiresOn('not a date')).toBeUndefined();
  });
});
