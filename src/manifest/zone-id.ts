import type { Finding } from '../findings.js';
import type { ManifestZone } from './types.js';

/** A zone without `zone-id` cannot be read from Cloudflare, whatever the command wanted of it. */
export function missingZoneId(manifestPath: string, zone: ManifestZone, purpose: string): Finding {
  return {
    severity: 'error',
    rule: 'manifest.zone_id',
    file: manifestPath,
    line: zone.line,
    zone: zone.zone,
    message: `Zone ${zone.zone} has no zone-id, so ${purpose}.`,
    fix: "Add `zone-id:` (the 32-character Zone ID on the zone's Overview page in the Cloudflare dashboard).",
  };
}
