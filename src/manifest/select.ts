/** The zones a run acts on: all of them, or those named by the `zones` input. */
import type { Finding } from '../findings.js';
import type { Manifest, ManifestZone } from './types.js';

export function selectZones(
  manifest: Manifest,
  names: string[],
): { zones: ManifestZone[]; findings: Finding[] } {
  if (names.length === 0) return { zones: manifest.zones, findings: [] };
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const findings: Finding[] = [...wanted]
    .filter((name) => !manifest.zones.some((zone) => zone.zone === name))
    .map((name) => ({
      severity: 'error',
      rule: 'settings.unknown_zone',
      file: manifest.path,
      message: `Input "zones" names ${name}, which the manifest does not list.`,
      fix: `Use one of: ${manifest.zones.map((zone) => zone.zone).join(', ')}.`,
    }));
  return { zones: manifest.zones.filter((zone) => wanted.has(zone.zone)), findings };
}
