/**
 * Reading a zone's associations whether or not Cloudflare serves the association list.
 * `GET …/hostnames` is in the API schema only: no SDK, Terraform resource or Cloudflare tool calls
 * it. When it answers 404, 405 or 400, every hostname that matters is read on its own with
 * `GET …/hostnames/{hostname}` (confirmed by SDKs, Terraform and a recorded answer), and a 404
 * there means "no association".
 */
import { CloudflareApiError } from './errors.js';
import type { CloudflareClient, HostnameAssociation } from './types.js';

/** `list`: every association of the zone was seen; `per-hostname`: only those of the hostnames asked for. */
export type AssociationMode = 'list' | 'per-hostname';

export interface ZoneAssociations {
  mode: AssociationMode;
  rows: HostnameAssociation[];
}

/** Statuses with which a missing or refused association list is answered. */
const LIST_MISSING = new Set([400, 404, 405]);

const knownMissing = new WeakMap<CloudflareClient, Set<string>>();

/** The association list is not there (or refuses how it is asked): read hostnames one by one instead. */
function isListUnavailable(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    LIST_MISSING.has(error.status)
  );
}

/** The list failed this way once for the zone: later reads in the run go per hostname at once. */
function listKnownMissing(client: CloudflareClient, zoneId: string): boolean {
  return knownMissing.get(client)?.has(zoneId) ?? false;
}

function markMissing(client: CloudflareClient, zoneId: string): void {
  const zones = knownMissing.get(client) ?? new Set<string>();
  zones.add(zoneId);
  knownMissing.set(client, zones);
}

/** One hostname's association, or undefined when Cloudflare has none for it (404). */
async function readHostname(
  client: CloudflareClient,
  zoneId: string,
  hostname: string,
): Promise<HostnameAssociation | undefined> {
  try {
    const row = await client.getHostname(zoneId, hostname);
    return row.hostname ? row : { ...row, hostname };
  } catch (error) {
    if (error instanceof CloudflareApiError && error.kind === 'http' && error.status === 404)
      return undefined;
    throw error;
  }
}

/** Reads these hostnames one by one, a few at a time; those without an association are left out. */
export async function readHostnames(
  client: CloudflareClient,
  zoneId: string,
  hostnames: Iterable<string>,
): Promise<HostnameAssociation[]> {
  const queue = [...new Set(hostnames)];
  const rows: HostnameAssociation[] = [];
  const worker = async () => {
    for (let hostname = queue.shift(); hostname !== undefined; hostname = queue.shift()) {
      const row = await readHostname(client, zoneId, hostname);
      if (row) rows.push(row);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  return rows.sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/**
 * Every association of the zone from the list, or, when the list is not served, the associations
 * of `hostnames()` read one by one (called only then: the names to ask about may cost a read).
 */
export async function readAssociations(
  client: CloudflareClient,
  zoneId: string,
  hostnames: () => Iterable<string> | Promise<Iterable<string>>,
): Promise<ZoneAssociations> {
  if (!listKnownMissing(client, zoneId)) {
    try {
      return { mode: 'list', rows: await client.listHostnames(zoneId) };
    } catch (error) {
      if (!isListUnavailable(error)) throw error;
      markMissing(client, zoneId);
      client.log.debug(
        `Cloudflare listHostnames: ${(error as Error).message} Reading each hostname with GET …/hostnames/{hostname} instead.`,
      );
    }
  }
  return { mode: 'per-hostname', rows: await readHostnames(client, zoneId, await hostnames()) };
}
