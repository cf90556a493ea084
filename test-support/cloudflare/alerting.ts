/**
 * Cloudflare's notification policies (`/accounts/{account_id}/alerting/v3/policies`) for the
 * emulator, shaped as Cloudflare's OpenAPI and SDK describe them: list (a single page), get,
 * create and update answer in the usual envelope, create and update with `{ id }` only.
 * Guessed, not documented: a token without the Notifications permission gets 403 with code 10000
 * (as for other endpoints); an unknown policy ID gets 404 with code 1003.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlertingOperation } from '../../src/cloudflare/types.js';
import { authenticate, type AuthConfig } from './auth.js';
import { ApiFailure, ok, type ApiResponse } from './envelope.js';

export interface StoredPolicy {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  alert_type: string;
  mechanisms: Record<string, { id: string }[]>;
  filters: Record<string, unknown>;
  created: string;
  modified: string;
}

/** What the token may do with notifications; the emulator's tokens all share it. */
export type NotificationsPermission = 'edit' | 'read' | 'none';

export interface AlertingEmulator {
  /** Policies by account ID. */
  policies(accountId: string): StoredPolicy[];
  /** Adds a policy as if made in the dashboard; returns its ID. */
  seedPolicy(accountId: string, policy: Partial<StoredPolicy> & { name: string; alert_type: string }): string;
  setPermission(permission: NotificationsPermission): void;
}

const PATH = /^\/accounts\/([^/]+)\/alerting\/v3\/policies(?:\/([^/]+))?$/;
/** The alert types the SDK lists that matter here; others are accepted as Cloudflare would. */
const KNOWN_MECHANISMS = ['email', 'webhooks', 'pagerduty'];

export interface AlertingRoutes extends AlertingEmulator {
  /** Answers the request when it is for these endpoints; false leaves it to the zone routes. */
  serve(
    path: string,
    method: string,
    req: IncomingMessage,
    body: string,
    res: ServerResponse,
    record: (operation: AlertingOperation | undefined, status: number) => void,
  ): boolean;
}

export function alertingRoutes(auth: AuthConfig): AlertingRoutes {
  const accounts = new Map<string, Map<string, StoredPolicy>>();
  let permission: NotificationsPermission = 'edit';
  const account = (id: string) => {
    const found = accounts.get(id) ?? new Map<string, StoredPolicy>();
    accounts.set(id, found);
    return found;
  };

  const store = (
    accountId: string,
    input: Record<string, unknown>,
    previous?: StoredPolicy,
  ): StoredPolicy => {
    const now = new Date().toISOString();
    const merged = { ...previous, ...input };
    if (typeof merged.name !== 'string' || merged.name === '')
      throw new ApiFailure(400, 17101, 'name is required');
    if (typeof merged.alert_type !== 'string') throw new ApiFailure(400, 17101, 'alert_type is required');
    if (typeof merged.enabled !== 'boolean') throw new ApiFailure(400, 17101, 'enabled is required');
    const mechanisms = merged.mechanisms;
    if (typeof mechanisms !== 'object' || mechanisms === null || Array.isArray(mechanisms))
      throw new ApiFailure(400, 17101, 'mechanisms is required');
    for (const [kind, list] of Object.entries(mechanisms)) {
      if (!KNOWN_MECHANISMS.includes(kind) || !Array.isArray(list))
        throw new ApiFailure(400, 17101, `invalid mechanism type: ${kind}`);
    }
    const policy: StoredPolicy = {
      id: previous?.id ?? randomUUID(),
      name: merged.name,
      description: typeof merged.description === 'string' ? merged.description : '',
      enabled: merged.enabled,
      alert_type: merged.alert_type,
      mechanisms: mechanisms as StoredPolicy['mechanisms'],
      filters: (merged.filters as Record<string, unknown>) ?? {},
      created: previous?.created ?? now,
      modified: now,
    };
    account(accountId).set(policy.id, policy);
    return policy;
  };

  const handle = (
    method: string,
    accountId: string,
    policyId: string | undefined,
    body: unknown,
  ): { operation?: AlertingOperation; response: ApiResponse } => {
    const policies = account(accountId);
    if (method === 'GET' && !policyId) {
      const items = [...policies.values()];
      return {
        operation: 'listAlertPolicies',
        response: ok(items, {
          page: 1,
          per_page: items.length,
          count: items.length,
          total_count: items.length,
        }),
      };
    }
    if (method === 'GET' && policyId) {
      const found = policies.get(policyId);
      if (!found) throw new ApiFailure(404, 1003, 'Policy not found');
      return { response: ok(found) };
    }
    if (method === 'POST' && !policyId) {
      return { operation: 'createAlertPolicy', response: ok({ id: store(accountId, asObject(body)).id }) };
    }
    if (method === 'PUT' && policyId) {
      const previous = policies.get(policyId);
      if (!previous) throw new ApiFailure(404, 1003, 'Policy not found');
      return {
        operation: 'updateAlertPolicy',
        response: ok({ id: store(accountId, asObject(body), previous).id }),
      };
    }
    throw new ApiFailure(405, 10405, 'Method not allowed');
  };

  return {
    policies: (accountId) => [...account(accountId).values()],
    seedPolicy: (accountId, policy) =>
      store(accountId, { enabled: true, mechanisms: {}, description: '', ...policy }).id,
    setPermission: (next) => {
      permission = next;
    },
    serve(path, method, req, rawBody, res, record) {
      const match = PATH.exec(path);
      if (!match) return false;
      let operation: AlertingOperation | undefined;
      let response: ApiResponse;
      try {
        const write = method !== 'GET';
        authenticate(auth, req.headers, write);
        if (permission === 'none' || (write && permission === 'read'))
          throw new ApiFailure(403, 10000, 'Authentication error');
        const handled = handle(
          method,
          decodeURIComponent(match[1]!),
          match[2] && decodeURIComponent(match[2]),
          parse(rawBody),
        );
        operation = handled.operation;
        response = handled.response;
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        response = error.toResponse();
      }
      record(operation, response.status);
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(JSON.stringify(response.body));
      return true;
    },
  };
}

function parse(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiFailure(400, 1001, 'The request body is not valid JSON');
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiFailure(400, 1001, 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}
