/**
 * Expiry alerts as code, pure: the one notification policy a manifest's `alerts:` asks for, how
 * it is recognised among the account's policies, and what it takes to make Cloudflare match it.
 */
import type { AlertPolicy, AlertPolicyBody } from '../cloudflare/alerting.js';
import type { AlertsConfig } from '../manifest/types.js';

export const ALERT_TYPE = 'hostname_aop_custom_certificate_expiration_type';

/** The marker in the policy's description; one manifest, one policy. */
export function policyMarker(manifestPath: string): string {
  return `[aop-certs:${manifestPath}]`;
}

export function desiredPolicy(alerts: AlertsConfig, manifestPath: string): AlertPolicyBody {
  return {
    name: `AOP certificate expiry (aop-certs, ${manifestPath})`,
    description: `Per-hostname AOP certificates expiring in 30 and 14 days. Managed by aop-certs from ${manifestPath}: changes made here are put back by the next deploy. ${policyMarker(manifestPath)}`,
    enabled: true,
    alertType: ALERT_TYPE,
    mechanisms: {
      email: [...new Set(alerts.email)].sort(),
      webhooks: [...new Set(alerts.webhooks)].sort(),
      pagerduty: [...new Set(alerts.pagerduty)].sort(),
    },
  };
}

export type AlertsAction =
  | { kind: 'create'; policy: AlertPolicyBody }
  | { kind: 'update'; id: string; policy: AlertPolicyBody; changes: string[] }
  | { kind: 'none'; id: string };

export interface AlertsPlan {
  accountId: string;
  action: AlertsAction;
  /** Other policies that carry our marker (a copy made by hand): reported, never touched. */
  duplicates: string[];
  /** The policy as Cloudflare holds it now, when it exists. */
  current?: AlertPolicy;
}

function sameSet(a: string[], b: string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/** What differs between Cloudflare's policy and the desired one, in words. */
function policyChanges(current: AlertPolicy, desired: AlertPolicyBody): string[] {
  const changes: string[] = [];
  if (!current.enabled) changes.push('enable it');
  if (current.alertType !== desired.alertType) changes.push(`set the alert type to ${desired.alertType}`);
  for (const kind of ['email', 'webhooks', 'pagerduty'] as const) {
    const has = current.mechanisms[kind];
    const wants = desired.mechanisms[kind];
    if (sameSet(has, wants)) continue;
    const add = wants.filter((value) => !has.includes(value));
    const remove = has.filter((value) => !wants.includes(value));
    const parts = [
      add.length ? `add ${add.map(literal).join(', ')}` : '',
      remove.length ? `remove ${remove.map(literal).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    changes.push(`${kind}: ${parts}`);
  }
  if (current.name !== desired.name || current.description !== desired.description)
    changes.push('restore its name and description');
  return changes;
}

export function planAlerts(alerts: AlertsConfig, manifestPath: string, policies: AlertPolicy[]): AlertsPlan {
  const desired = desiredPolicy(alerts, manifestPath);
  const marker = policyMarker(manifestPath);
  const ours = policies.filter((policy) => policy.description.includes(marker));
  const [current, ...duplicates] = ours;
  const base = { accountId: alerts.accountId, duplicates: duplicates.map((policy) => policy.id) };
  if (!current) return { ...base, action: { kind: 'create', policy: desired } };
  const changes = policyChanges(current, desired);
  if (changes.length === 0) return { ...base, current, action: { kind: 'none', id: current.id } };
  return { ...base, current, action: { kind: 'update', id: current.id, policy: desired, changes } };
}

/**
 * An address or ID as a code span: copied as it is, and never a mention or a link wherever the text
 * is shown (a value holding a backtick, which no address or ID of Cloudflare's has, stays plain).
 */
function literal(value: string): string {
  return value.includes('`') ? value : `\`${value}\``;
}

export function describeAlertsPlan(plan: AlertsPlan): string {
  const { action } = plan;
  const mechanisms = (policy: AlertPolicyBody) =>
    [
      ...policy.mechanisms.email.map((value) => `e-mail ${literal(value)}`),
      ...policy.mechanisms.webhooks.map((value) => `webhook ${literal(value)}`),
      ...policy.mechanisms.pagerduty.map((value) => `PagerDuty ${literal(value)}`),
    ].join(', ');
  if (action.kind === 'create')
    return `create the expiry alert policy on account ${plan.accountId}, enabled, notifying ${mechanisms(action.policy)}`;
  if (action.kind === 'update')
    return `update the expiry alert policy ${action.id}: ${action.changes.join('; ')}`;
  return `the expiry alert policy ${action.id} is as the manifest says`;
}
