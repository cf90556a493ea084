/**
 * `npm run bundle`: builds dist/ from src/ with ncc, then finishes what ncc leaves undone.
 * - The entry is src/index.cjs, so the bundle is CommonJS (a Node process starts it sooner than an
 *   ES module); ncc names it index.cjs, and it is written as dist/index.js (what action.yml runs)
 *   beside a dist/package.json that makes dist/ CommonJS.
 * - The bundle is split into chunks (the clients, the other commands and the YAML library are
 *   loaded by `import()` only in the runs that need them, so a check starts without them), and ncc
 *   minifies only the main file: each chunk is minified here the same way (terser, names kept, no
 *   compression), its source map carried through.
 * - ncc's --license writes one licenses.txt per chunk to the same file name, so the last chunk's
 *   list wins: dist/licenses.txt is written here from every chunk's source map instead, one entry
 *   per package that has code in the bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { REPO_ROOT } from '../test-support/runner.js';

const DIST = path.join(REPO_ROOT, 'dist');
const CHUNK = /^\d+\.index\.cjs\.js$/;

interface SourceMap {
  sources: string[];
}

function build(): void {
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'ncc'),
    [
      'build',
      'src/index.cjs',
      '-o',
      'dist',
      '--minify',
      '--source-map',
      '--no-source-map-register',
      '--quiet',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  const code = readFileSync(path.join(DIST, 'index.cjs'), 'utf8');
  writeFileSync(
    path.join(DIST, 'index.js'),
    code.replace(/\/\/# sourceMappingURL=index\.cjs\.map\s*$/, '//# sourceMappingURL=index.js.map\n'),
  );
  rmSync(path.join(DIST, 'index.cjs'));
  renameSync(path.join(DIST, 'index.cjs.map'), path.join(DIST, 'index.js.map'));
  writeFileSync(path.join(DIST, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
}

/** ncc's own terser options for dist/index.js, so that every file of the bundle is built alike. */
async function minifyChunk(name: string): Promise<void> {
  const file = path.join(DIST, name);
  const code = readFileSync(file, 'utf8');
  const map = readFileSync(`${file}.map`, 'utf8');
  const result = await minify(
    { [name]: code },
    {
      module: false,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
      sourceMap: { content: map, filename: name, url: `${name}.map`, includeSources: true },
    },
  );
  if (result.code === undefined || typeof result.map !== 'string')
    throw new Error(`terser gave nothing for ${name}`);
  writeFileSync(file, result.code);
  writeFileSync(`${file}.map`, result.map);
}

/** The folder of the package a bundled source file came from, or undefined for the project's own code. */
function packageFolder(source: string): string | undefined {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = source.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0]!.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]!;
  return path.join(REPO_ROOT, source.slice(source.indexOf('node_modules/'), at), 'node_modules', name);
}

const LICENSE_FILE = /^licen[cs]e(\.md|\.txt)?$/i;

/** Every package with code in dist/, as license-webpack-plugin lists them: name, license, text. */
function licenses(maps: SourceMap[]): string {
  const folders = new Set<string>();
  for (const map of maps)
    for (const source of map.sources) {
      const folder = packageFolder(source);
      if (folder) folders.add(folder);
    }
  const entries = [...folders].map((folder) => {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const textFile = readdirSync(folder).find((file) => LICENSE_FILE.test(file));
    const text = textFile ? readFileSync(path.join(folder, textFile), 'utf8').trim() : undefined;
    return [`${manifest.name}@${manifest.version}`, manifest.license, text].filter(Boolean).join('\n');
  });
  entries.sort((a, b) => (a < b ? -1 : 1));
  return `${entries.join('\n\n')}\n`;
}

build();
const chunks = readdirSync(DIST).filter((file) => CHUNK.test(file));
for (const chunk of chunks) await minifyChunk(chunk);
const maps = ['index.js', ...chunks]
  .map((file) => path.join(DIST, `${file}.map`))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')) as SourceMap);
writeFileSync(path.join(DIST, 'licenses.txt'), licenses(maps));
const sizes = ['index.js', ...chunks].map((file) => readFileSync(path.join(DIST, file)).length);
console.log(
  `dist/: index.js (${(sizes[0]! / 1e3).toFixed(0)} kB) and ${chunks.length} chunks, ${(sizes.reduce((sum, size) => sum + size, 0) / 1e6).toFixed(2)} MB of JavaScript in all`,
);
