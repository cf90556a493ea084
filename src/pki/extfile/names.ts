/** OpenSSL's names (objects.txt) for what `-extfile` accepts; lookups are case-sensitive, as in OpenSSL. */
import { EKU_NAMES, EXTENSION_OIDS } from '../oids.js';

export { EKU_NAMES, EXTENSION_OIDS, KEY_USAGE_NAMES } from '../oids.js';

const EXTENSION_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(EXTENSION_OIDS).map(([name, oid]) => [oid, name]),
);

export function isNumericOid(text: string): boolean {
  return /^[0-2](\.(0|[1-9]\d*))+$/.test(text);
}

/** The name OpenSSL prints for an EKU purpose, or its OID. */
export function ekuName(oid: string): string {
  return EKU_NAMES[oid]?.[0] ?? oid;
}

export function extensionName(oid: string): string {
  return EXTENSION_NAMES[oid] ?? oid;
}

/** For an unknown name, the one it differs from only in case, so a message can say what to write. */
export function sameButCase(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  for (const candidate of candidates) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
}
