/** The Cloudflare client for a run, built from the settings, logging through the runner. */
import * as core from '@actions/core';
import { createCloudflareClient, type ClosableCloudflareClient } from './index.js';
import type { Settings } from '../settings.js';

export function cloudflareFor(settings: Settings): ClosableCloudflareClient | undefined {
  if (!settings.cloudflare) return undefined;
  return createCloudflareClient({
    apiUrl: settings.cloudflare.apiUrl,
    auth: settings.cloudflare.auth,
    log: { debug: core.debug, info: core.info, warning: core.warning },
  });
}
