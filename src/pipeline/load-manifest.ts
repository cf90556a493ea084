/** Reads the manifest from the repository (safely) and parses it. */
import { readRepoFile } from '../files/repo-file.js';
import { parseManifest, type ParsedManifest } from '../manifest/parse.js';

export async function loadManifest(root: string, file: string): Promise<ParsedManifest> {
  const read = await readRepoFile(root, file);
  if (read.ok) return await parseManifest(file, read.bytes.toString('utf8'));
  return {
    locate: () => undefined,
    findings: [
      {
        severity: 'error',
        rule: 'manifest.file',
        file,
        message: `The manifest ${file} cannot be read: ${read.detail}.`,
        fix: 'Create it (see the README for an example) or set the "config" input to its path.',
      },
    ],
  };
}
