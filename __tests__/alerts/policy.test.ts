import { describe, expect, it } from 'vitest';
import {
  ALERT_TYPE,
  desiredPolicy,
  describeAlertsPlan,
  planAlerts,
  policyMarker,
} from '../../src/alerts/policy.js';
import type { AlertPolicy } from '../../src/cloudflare/alerting.js';
import type { AlertsConfig } from '../../src/manifest/types.js';

const alerts: AlertsConfig = {
  accountId: '01a7362d577a6c3019a474fd6f485823',
  email: ['b@example.com', 'a@example.com', 'a@example.com'],
  webhooks: [],
  pagerduty: ['pd-1'],
  line: 9,
};

const ours = (overrides: Partial<AlertPolicy> = {}): AlertPolicy => ({
  id: 'p1',
  ...desiredPolicy(alerts, 'aop-certs.yml'),
  ...overrides,
});

describe('expiry alert policy', () => {
  it('asks for one enabled policy of the AOP expiry type, mechanisms sorted and unique, with the marker', () => {
    const policy = desiredPolicy(alerts, 'infra/aop-certs.yml');
    expect(policy).toMatchObject({
      enabled: true,
      alertType: ALERT_TYPE,
      mechanisms: { email: ['a@example.com', 'b@example.com'], webhooks: [], pagerduty: ['pd-1'] },
    });
    expect(policy.description).toContain(policyMarker('infra/aop-certs.yml'));
  });

  it('creates when no policy carries the marker, whatever else the account holds', () => {
    const theirs: AlertPolicy = { ...ours(), id: 'theirs', description: 'made by hand' };
    const plan = planAlerts(alerts, 'aop-certs.yml', [theirs]);
    expect(plan.action.kind).toBe('create');
    expect(describeAlertsPlan(plan)).toBe(
      'create the expiry alert policy on account 01a7362d577a6c3019a474fd6f485823, enabled, notifying e-mail `a@example.com`, e-mail `b@example.com`, PagerDuty `pd-1`',
    );
  });

  it('does nothing when ours matches, in any mechanism order', () => {
    const same = ours({
      mechanisms: { email: ['b@example.com', 'a@example.com'], webhooks: [], pagerduty: ['pd-1'] },
    });
    expect(planAlerts(alerts, 'aop-certs.yml', [same]).action).toEqual({ kind: 'none', id: 'p1' });
  });

  it('updates ours, saying what changes, and leaves a second marked copy alone', () => {
    const drifted = ours({
      enabled: false,
      mechanisms: { email: ['a@example.com', 'c@example.com'], webhooks: [], pagerduty: ['pd-1'] },
    });
    const copy = ours({ id: 'p2' });
    const plan = planAlerts(alerts, 'aop-certs.yml', [drifted, copy]);
    expect(plan.action).toMatchObject({
      kind: 'update',
      id: 'p1',
      changes: ['enable it', 'email: add `b@example.com` and remove `c@example.com`'],
    });
    expect(plan.duplicates).toEqual(['p2']);
  });

  it('another manifest path is another policy', () => {
    expect(planAlerts(alerts, 'other.yml', [ours()]).action.kind).toBe('create');
  });
});
