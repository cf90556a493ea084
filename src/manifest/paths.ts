/** Paths written in the manifest, resolved against the manifest's own folder (pure). */
import path from 'node:path';

/** Joins a path written in the manifest to the manifest's folder, as a repository-relative path. */
export function manifestRelative(manifestPath: string, written: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(manifestPath), written.replace(/\\/g, '/')));
}
