/**
 * Cloudflare's notification policies (`/accounts/{account_id}/alerting/v3/policies`), for expiry
 * alerts as code: list, create, update. Same transport, retries and pacing as the AOP client; its
 * own connection pool, because it is used once per run and only when the manifest has `alerts:`.
 */
import { executorFor } from './client.js';
import { CloudflareApiError, NOTIFICATIONS_PERMISSION } from './errors.js';
import { isRecord } from './normalize.js';
import type { Envelope } from './transport.js';
import type { AlertingOperation, ClientOptions, ClientStats, CloudflareLogger } from './types.js';

/** A notification policy as Cloudflare returns it, reduced to what aop-certs compares. */
export interface AlertPolicy {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  alertType: string;
  mechanisms: { email: string[]; webhooks: string[]; pagerduty: string[] };
}

export type AlertPolicyBody = Omit<AlertPolicy, 'id'>;

export interface AlertingClient {
  listPolicies(accountId: string): Promise<AlertPolicy[]>;
  createPolicy(accountId: string, policy: AlertPolicyBody): Promise<string>;
  updatePolicy(accountId: string, policyId: string, policy: AlertPolicyBody): Promise<string>;
  readonly stats: Readonly<ClientStats>;
  close(): Promise<void>;
}

const SILENT: CloudflareLogger = { debug() {}, info() {}, warning() {} };

export function createAlertingClient(options: ClientOptions): AlertingClient {
  const { executor, dispatcher, stats } = executorFor(options, options.log ?? SILENT);
  const policiesPath = (accountId: string) =>
    `/accounts/${encodeURIComponent(accountId)}/alerting/v3/policies`;

  const send = async <T>(
    operation: AlertingOperation,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    parse: (envelope: Envelope) => T,
    body?: unknown,
  ): Promise<T> => {
    try {
      return await executor.send({ operation, method, path, ...(body === undefined ? {} : { body }) }, parse);
    } catch (error) {
      // A token without the permission gets a 403; whatever its code, the fix is the permission.
      if (error instanceof CloudflareApiError && error.status === 403)
        throw error.with({ hint: NOTIFICATIONS_PERMISSION });
      throw error;
    }
  };

  const idOf = (operation: AlertingOperation) => (envelope: Envelope) => {
    if (isRecord(envelope.result) && typeof envelope.result.id === 'string') return envelope.result.id;
    throw new CloudflareApiError({
      operation,
      kind: 'invalid-response',
      hint: 'Expected the policy id in "result"; the API may have changed: please report it.',
    });
  };

  return {
    stats,
    listPolicies: (accountId) =>
      send('listAlertPolicies', 'GET', policiesPath(accountId), (envelope) =>
        (Array.isArray(envelope.result) ? envelope.result : []).filter(isRecord).map(toPolicy),
      ),
    createPolicy: (accountId, policy) =>
      send('createAlertPolicy', 'POST', policiesPath(accountId), idOf('createAlertPolicy'), toBody(policy)),
    updatePolicy: (accountId, policyId, policy) =>
      send(
        'updateAlertPolicy',
        'PUT',
        `${policiesPath(accountId)}/${encodeURIComponent(policyId)}`,
        idOf('updateAlertPolicy'),
        toBody(policy),
      ),
    close: () => dispatcher.close(),
  };
}

function ids(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((item) => (typeof item.id === 'string' ? [item.id] : []));
}

function toPolicy(raw: Record<string, unknown>): AlertPolicy {
  const mechanisms = isRecord(raw.mechanisms) ? raw.mechanisms : {};
  return {
    id: typeof raw.id === 'string' ? raw.id : '',
    name: typeof raw.name === 'string' ? raw.name : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    enabled: raw.enabled === true,
    alertType: typeof raw.alert_type === 'string' ? raw.alert_type : '',
    mechanisms: {
      email: ids(mechanisms.email),
      webhooks: ids(mechanisms.webhooks),
      pagerduty: ids(mechanisms.pagerduty),
    },
  };
}

function toBody(policy: AlertPolicyBody): Record<string, unknown> {
  const list = (values: string[]) => values.map((id) => ({ id }));
  return {
    name: policy.name,
    description: policy.description,
    enabled: policy.enabled,
    alert_type: policy.alertType,
    mechanisms: {
      email: list(policy.mechanisms.email),
      webhooks: list(policy.mechanisms.webhooks),
      pagerduty: list(policy.mechanisms.pagerduty),
    },
  };
}
