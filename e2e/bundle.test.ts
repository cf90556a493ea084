/**
 * What dist/ is made of, and what a run of it loads: a check without credentials starts without
 * the HTTP clients (their chunks are loaded only by a run that has a token), and licenses.txt
 * names every package with code anywhere in dist/.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';
import { makeRepo } from '../test-support/repo.js';
import { distEntry, runAction } from '../test-support/runner.js';

const DIST = path.dirname(distEntry());

/** The package a bundled source path comes from (`undici`, `@octokit/core`), or undefined for ours. */
function packageOf(source: string): string | undefined {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first = '', second = ''] = source.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** The packages with code in one file of dist/, from its source map. */
async function packagesIn(file: string): Promise<Set<string>> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
  return new Set(map.sources.flatMap((source) => packageOf(source) ?? []));
}

/**
 * A preload that writes, when the process exits, every file of dist/ it loaded: the entry and the
 * chunks (ncc's CommonJS chunks are loaded with require).
 */
async function loadedFilesProbe(): Promise<{ env: Record<string, string>; read: () => Promise<string[]> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'aop-loaded-'));
  const hook = path.join(folder, 'hook.cjs');
  const out = path.join(folder, 'loaded.json');
  await writeFile(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(DIST + path.sep)})))));\n`,
  );
  return {
    env: { NODE_OPTIONS: `--require=${hook}` },
    read: async () => JSON.parse(await readFile(out, 'utf8')) as string[],
  };
}

let ca: Issued;
let app: Issued;

beforeAll(async () => {
  ca = await makeCA();
  app = await makeLeaf(ca, { dns: ['app.example.com'] });
});

async function repository(): Promise<string> {
  return makeRepo({
    'aop-certs.yml':
      'version: 1\nzones:\n  - zone: example.com\n    zone-id: 023e105f4ecef8ad9ca31a8372d0c353\n    origin-ca: pki/rootca.crt\n    certificates:\n      - name: app\n        certificate: pki/app.crt\n        hostnames: [app.example.com]\n',
    'pki/rootca.crt': ca.certPem,
    'pki/app.crt': app.certPem,
  });
}

/** The packages whose code a check loaded, given these inputs. */
async function packagesLoadedByCheck(inputs: Record<string, string>): Promise<Set<string>> {
  const probe = await loadedFilesProbe();
  const result = await runAction({
    workspace: await repository(),
    runtime: 'node20',
    eventName: 'pull_request',
    payload: { number: 3, pull_request: { number: 3, base: { sha: '0'.repeat(40), ref: 'main' } } },
    inputs: { comment: 'false', ...inputs },
    env: probe.env,
  });
  expect(result.exitCode).toBe(0);
  const loaded = await probe.read();
  expect(loaded).toContain(distEntry());
  const packages = new Set<string>();
  for (const file of loaded) for (const name of await packagesIn(file)) packages.add(name);
  return packages;
}

const HTTP_CLIENTS = ['undici', '@octokit/core', '@actions/http-client', '@actions/github'];

describe('what a run of dist/ loads', () => {
  it('a check without credentials loads no HTTP client, no YAML library and no @actions/exec', async () => {
    const packages = await packagesLoadedByCheck({});
    expect(packages).toContain('@actions/core');
    for (const name of [...HTTP_CLIENTS, 'yaml', '@actions/exec', '@actions/io'])
      expect(packages).not.toContain(name);
  });

  it('a check with an API token loads the Cloudflare client and undici under it', async () => {
    const cf = await startCloudflareEmulator({ zones: ['023e105f4ecef8ad9ca31a8372d0c353'] });
    try {
      const packages = await packagesLoadedByCheck({ 'api-token': cf.token, 'api-url': cf.url });
      expect(packages).toContain('undici');
      expect(packages).not.toContain('@octokit/core');
    } finally {
      await cf.close();
    }
  });
});

describe('dist/licenses.txt', () => {
  it('names every package with code in any file of dist/', async () => {
    const files = (await readdir(DIST)).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(1);
    const bundled = new Set<string>();
    for (const file of files) for (const name of await packagesIn(path.join(DIST, file))) bundled.add(name);
    expect([...bundled]).toEqual(
      expect.arrayContaining(['@actions/core', 'undici', 'yaml', '@octokit/core']),
    );
    // One entry a package: its name@version on a line of its own, then its license and text.
    const listed = new Set(
      (await readFile(path.join(DIST, 'licenses.txt'), 'utf8'))
        .split('\n')
        .flatMap((line) => /^(@?[^@\s]+)@\d+\.\d+\.\d+\S*$/.exec(line)?.[1] ?? []),
    );
    for (const name of bundled) expect(listed, name).toContain(name);
  });
});
