/** The Cloudflare client for a run, built from the settings, logging through the runner. */
import * as core from '@actions/core';
import { createAlertingClient } from './alerting.js';
import { createCloudflareClient, type ClosableCloudflareClient } from './index.js';
import type { Settings } from '../settings.js';

const runnerLog = { debug: core.debug, info: core.info, warning: core.warning };

export function cloudflareFor(settings: Settings): ClosableCloudflareClient | undefined {
  if (!settings.cloudflare) return undefined;
  return createCloudflareClient({
    apiUrl: settings.cloudflare.apiUrl,
    auth: settings.cloudflare.auth,
    log: runnerLog,
  });
}

/** The notification-policy client for `alerts:`, logging like the certificate client. */
export function alertingFor(settings: Settings): ReturnType<typeof createAlertingClient> | undefined {
  if (!settings.cloudflare) return undefined;
  return createAlertingClient({
    apiUrl: settings.cloudflare.apiUrl,
    auth: settings.cloudflare.auth,
    log: runnerLog,
  });
}
