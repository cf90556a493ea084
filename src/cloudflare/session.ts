/**
 * The Cloudflare clients for a run, built from the settings, logging through the runner. The
 * client code (and undici under it) is loaded only by a run that has credentials: a check
 * without an API token never pays for it at start-up.
 */
import * as core from '@actions/core';
import type { ClosableCloudflareClient } from './client.js';
import type { AlertingClient } from './alerting.js';
import type { Settings } from '../settings.js';

const runnerLog = { debug: core.debug, info: core.info, warning: core.warning };

export async function cloudflareFor(settings: Settings): Promise<ClosableCloudflareClient | undefined> {
  if (!settings.cloudflare) return undefined;
  const { createCloudflareClient } = await import('./client.js');
  return createCloudflareClient({
    apiUrl: settings.cloudflare.apiUrl,
    auth: settings.cloudflare.auth,
    log: runnerLog,
  });
}

/** The notification-policy client for `alerts:`, logging like the certificate client. */
export async function alertingFor(settings: Settings): Promise<AlertingClient | undefined> {
  if (!settings.cloudflare) return undefined;
  const { createAlertingClient } = await import('./alerting.js');
  return createAlertingClient({
    apiUrl: settings.cloudflare.apiUrl,
    auth: settings.cloudflare.auth,
    log: runnerLog,
  });
}
