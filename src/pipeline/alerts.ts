/**
 * Expiry alerts as code in each command: check shows what deploy would change, deploy makes
 * Cloudflare's one policy match `alerts:`, scan reports it missing, disabled or drifted.
 */
import { ALERTS_RULES } from '../alerts/rules.js';
import { describeAlertsPlan, planAlerts, type AlertsPlan } from '../alerts/policy.js';
import { alertingFor } from '../cloudflare/session.js';
import { CloudflareApiError, NOTIFICATIONS_PERMISSION } from '../cloudflare/errors.js';
import type { Finding, Severity } from '../findings.js';
import type { AlertsConfig } from '../manifest/types.js';
import { escapeText } from '../report/markdown.js';
import type { RunReport } from '../report/model.js';
import type { ScanItem } from '../scan/index.js';
import { findingOf } from '../scan/verdict.js';
import type { Settings } from '../settings.js';
import type { Inspection } from './inspect.js';

function failure(settings: Settings, alerts: AlertsConfig, error: unknown, severity: Severity): Finding {
  if (!(error instanceof CloudflareApiError)) throw error;
  const permission = error.status === 403;
  return {
    severity,
    rule: permission ? ALERTS_RULES.permission.id : ALERTS_RULES.failed.id,
    file: settings.config,
    line: alerts.line,
    message: permission
      ? `The expiry alert policy could not be ${severity === 'error' ? 'written' : 'read'}: the API token is not allowed "Notifications" on account ${alerts.accountId} (${error.message.split('.')[0]}).`
      : `The expiry alert policy could not be read or written: ${error.message}`,
    fix: permission
      ? NOTIFICATIONS_PERMISSION
      : 'Re-run; if it keeps failing, check alerts.account-id and Cloudflare’s status.',
  };
}

function section(title: string, lines: string[]): string {
  // Addresses and IDs come back from Cloudflare and the manifest: shown as text, never as Markdown.
  return `### Expiry alerts\n\n${escapeText(title)}\n\n${lines.map((line) => `- ${escapeText(line)}`).join('\n')}`;
}

function duplicatesNote(plan: AlertsPlan): string[] {
  return plan.duplicates.length > 0
    ? [`Other policies carry this manifest's marker and were left alone: ${plan.duplicates.join(', ')}.`]
    : [];
}

/** check and deploy: plan the policy; deploy also writes it (unless dry-run). */
export async function addAlerts(
  settings: Settings,
  inspection: Inspection,
  report: RunReport,
): Promise<void> {
  const alerts = inspection.manifest?.alerts;
  if (!alerts || inspection.manifestErrors) return;
  const client = await alertingFor(settings);
  if (!client) {
    report.notes.push('The expiry alert policy was not checked: no Cloudflare credentials were given.');
    return;
  }
  const writes = report.command === 'deploy' && !settings.dryRun;
  try {
    const plan = planAlerts(alerts, settings.config, await client.listPolicies(alerts.accountId));
    const what = describeAlertsPlan(plan);
    if (!writes || plan.action.kind === 'none') {
      const title =
        plan.action.kind === 'none'
          ? 'Nothing to change.'
          : report.command === 'check'
            ? 'On merge, deploy would:'
            : 'dry-run: deploy would:';
      report.sections = [...(report.sections ?? []), section(title, [what, ...duplicatesNote(plan)])];
      return;
    }
    const id =
      plan.action.kind === 'create'
        ? await client.createPolicy(alerts.accountId, plan.action.policy)
        : await client.updatePolicy(alerts.accountId, plan.action.id, plan.action.policy);
    report.sections = [
      ...(report.sections ?? []),
      section(`Done (policy ${id}):`, [what, ...duplicatesNote(plan)]),
    ];
  } catch (error) {
    report.findings.push(failure(settings, alerts, error, report.command === 'deploy' ? 'error' : 'warning'));
  } finally {
    await client.close();
  }
}

/** scan: a missing, disabled or drifted policy is an item of the tracking issue. */
export async function addAlertsScan(
  settings: Settings,
  inspection: Inspection,
  result: { items: ScanItem[]; findings: Finding[] },
): Promise<string> {
  const alerts = inspection.manifest?.alerts;
  const client = alerts ? await alertingFor(settings) : undefined;
  if (!alerts || !client) return '';
  try {
    const plan = planAlerts(alerts, settings.config, await client.listPolicies(alerts.accountId));
    const item = scanItem(settings, alerts, plan);
    if (item) {
      result.items.push(item);
      result.findings.push(findingOf(item, settings.failOnScan));
    }
    return section(item ? 'Needs action:' : 'As the manifest says:', [
      describeAlertsPlan(plan),
      ...duplicatesNote(plan),
    ]);
  } catch (error) {
    result.findings.push(failure(settings, alerts, error, 'warning'));
    return '';
  } finally {
    await client.close();
  }
}

function scanItem(settings: Settings, alerts: AlertsConfig, plan: AlertsPlan): ScanItem | undefined {
  const base = {
    level: 'warning' as const,
    todo: 'redeploy' as const,
    zone: `account ${alerts.accountId}`,
    hostnames: [],
    file: settings.config,
    line: alerts.line,
    action: 'Re-run deploy: it makes the policy match alerts: in the manifest.',
  };
  const { action } = plan;
  if (action.kind === 'create') {
    return {
      ...base,
      rule: ALERTS_RULES.missing.id,
      message:
        'No expiry alert policy of this manifest exists in Cloudflare: nobody is told before an AOP certificate expires.',
    };
  }
  if (action.kind === 'update' && plan.current && !plan.current.enabled) {
    return {
      ...base,
      rule: ALERTS_RULES.disabled.id,
      message: `The expiry alert policy ${action.id} is disabled: nobody is told before an AOP certificate expires.`,
    };
  }
  if (action.kind === 'update') {
    return {
      ...base,
      rule: ALERTS_RULES.drift.id,
      message: `The expiry alert policy ${action.id} differs from the manifest: ${action.changes.join('; ')}.`,
    };
  }
  return undefined;
}
