/** Where in an extension file a finding's fix goes, so the annotation sits on the line to edit. */
import type { Finding } from '../../findings.js';
import { EXTENSION_OIDS } from './names.js';
import type { ParsedExtFile } from './types.js';

/** A `name = value` line quoted in a fix, e.g. `extendedKeyUsage = clientAuth`. */
const QUOTED_LINE = /`([A-Za-z][\w-]*)\s*=[^`]*`/g;

/**
 * The line that declares the extension the fix writes; when the file does not declare it, the
 * last declared extension (the fix adds a line beside it), or line 1 of a file that declares none.
 * Undefined when the fix quotes no extension line.
 */
export function fixLineIn(parsed: ParsedExtFile, fix: string | undefined): number | undefined {
  const name = [...(fix ?? '').matchAll(QUOTED_LINE)]
    .map((match) => match[1]!)
    .find((quoted) => quoted in EXTENSION_OIDS);
  if (!name) return undefined;
  const declared = parsed.extensions.find((extension) => extension.oid === EXTENSION_OIDS[name]);
  if (declared) return declared.line;
  return Math.max(1, ...parsed.extensions.map((extension) => extension.line));
}

/**
 * A certificate's finding whose fix is a line of its extension file, with `fixAt` pointing at that
 * line of `file`; any other finding as it is.
 */
export function placeFixIn(finding: Finding, file: string, parsed: ParsedExtFile): Finding {
  if (!finding.fix?.includes('cert.v3.ext')) return finding;
  const line = fixLineIn(parsed, finding.fix);
  return line === undefined ? finding : { ...finding, fixAt: { file, line } };
}
