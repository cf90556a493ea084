/**
 * Hidden markers: how the action recognises its own comment or issue among everyone's, together
 * with the author (identity.ts): a marker alone can be copied into anyone's post.
 */
import { writtenBy } from './identity.js';

/** What an upsert did. */
export type UpsertAction = 'created' | 'updated' | 'unchanged';

/** GitHub refuses longer comment and issue bodies (422). */
export const MAX_BODY_LENGTH = 65_536;

const TRUNCATED = '\n\n… (truncated: GitHub keeps at most 65,536 characters)';

interface Authored {
  body?: string | null | undefined;
  user: { login: string; type?: string } | null;
}

/** A marker is one hidden HTML comment on one line, e.g. `<!-- aop-certs:report path=aop-certs.yml -->`. */
export function assertMarker(marker: string): void {
  const inner = marker.slice(4, -3);
  const valid =
    marker.startsWith('<!--') &&
    marker.endsWith('-->') &&
    inner.trim() !== '' &&
    !inner.includes('-->') &&
    !/[\r\n]/.test(marker);
  if (!valid) {
    throw new Error(
      `GitHub: a marker must be one hidden HTML comment on one line, got ${JSON.stringify(marker)}`,
    );
  }
}

/** The marker is on a line of its own, so a comment that quotes ours (`> <!-- … -->`) is not it. */
function hasMarkerLine(body: string | null | undefined, marker: string): boolean {
  return (body ?? '').split(/\r?\n/).some((line) => line.trim() === marker);
}

/** `body` with the marker as its last line (unless it has it already), cut to GitHub's limit. */
export function withMarker(body: string, marker: string): string {
  if (hasMarkerLine(body, marker)) {
    return body.length <= MAX_BODY_LENGTH ? body : withMarker(body.replace(marker, ''), marker);
  }
  const suffix = `\n\n${marker}`;
  if (body.length + suffix.length <= MAX_BODY_LENGTH) return body + suffix;
  return body.slice(0, MAX_BODY_LENGTH - TRUNCATED.length - suffix.length) + TRUNCATED + suffix;
}

/**
 * The first item carrying the marker on a line of its own and written by `login`, the token's
 * identity. A post by anyone else that copies the marker (a person's, a stranger's issue) is never
 * taken for ours, so it is never rewritten or closed.
 */
export function pickMarked<T extends Authored>(
  items: readonly T[],
  marker: string,
  login: string,
): T | undefined {
  return items.find((item) => hasMarkerLine(item.body, marker) && writtenBy(item.user, login));
}
