/**
 * Hidden markers: how the action recognises its own comment or issue among everyone's, since
 * the job token cannot ask GitHub who it is (`GET /user` answers 403).
 */

/** What an upsert did. */
export type UpsertAction = 'created' | 'updated' | 'unchanged';

/** GitHub refuses longer comment and issue bodies (422). */
export const MAX_BODY_LENGTH = 65_536;

const TRUNCATED = '\n\n… (truncated: GitHub keeps at most 65,536 characters)';

interface Authored {
  body?: string | null | undefined;
  user: { type?: string } | null;
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
 * Among items carrying the marker, one by a Bot (the token's app) wins, then the first listed:
 * a person's comment that repeats the marker is used only when no bot's does.
 */
export function pickMarked<T extends Authored>(items: readonly T[], marker: string): T | undefined {
  const marked = items.filter((item) => hasMarkerLine(item.body, marker));
  return marked.find((item) => item.user?.type === 'Bot') ?? marked[0];
}
