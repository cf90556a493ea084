import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PURE_FOLDERS = [
  ...['pki', 'plan', 'report', 'scan', 'manifest'].map((folder) => `src/${folder}/**`),
  // The plain-data modules every stage shares.
  ...['findings', 'rules', 'model', 'dates'].map((name) => `src/${name}.ts`),
];
const PURE =
  'The pure folders (pki, plan, report, scan, manifest) take plain values and return plain values: no I/O, no runner, no settings. Do the I/O in a command and pass the result in.';

/** Node modules that reach outside the process: files, processes, the network. */
const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'http', 'https', 'http2', 'dgram', 'dns', 'tls'];

/** What no pure module imports, even for a type (the boundary must hold both ways). */
const PURE_IMPORTS = {
  paths: [
    ...IO_MODULES.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: PURE })),
    // isIP is a pure check of a string; sockets are not.
    ...['net', 'node:net'].map((name) => ({ name, allowImportNames: ['isIP'], message: PURE })),
  ],
  patterns: [
    { group: ['@actions/*', 'undici', 'undici/*', '@octokit/*'], message: PURE },
    { group: ['**/commands/**', '**/settings.js', '**/main.js', '**/publish.js'], message: PURE },
    {
      // Modules that do I/O: their types are plain data, their values are not.
      group: [
        '**/files/**',
        '**/cloudflare/**',
        '**/github/**',
        '**/inventory/**',
        '**/apply/**',
        '**/pipeline/**',
        '**/secrets.js',
      ],
      allowTypeImports: true,
      message: PURE,
    },
  ],
};

const ONLY_SETTINGS_READS_ENV = {
  object: 'process',
  property: 'env',
  message: 'settings.ts is the only reader of the environment: add what you need to Settings.',
};

/** Where the runner's annotations and exit status are written; the clients' own log lines too. */
const RUNNER_OUTPUT = ['src/main.ts', 'src/publish.ts', 'src/**/*session.ts'];
const ONLY_PUBLISH_REPORTS = ['warning', 'notice', 'error', 'setFailed'].map((property) => ({
  object: 'core',
  property,
  message:
    'Report through the RunReport (a finding or a note): publish.ts turns it into annotations and the summary.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/settings.ts', ...RUNNER_OUTPUT],
    rules: { 'no-restricted-properties': ['error', ONLY_SETTINGS_READS_ENV, ...ONLY_PUBLISH_REPORTS] },
  },
  {
    files: RUNNER_OUTPUT,
    rules: { 'no-restricted-properties': ['error', ONLY_SETTINGS_READS_ENV] },
  },
  {
    files: PURE_FOLDERS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', PURE_IMPORTS] },
  },
  {
    // scan/ builds rows for report/, and report/ renders scan items: one direction only.
    files: ['src/scan/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...PURE_IMPORTS,
          patterns: [
            ...PURE_IMPORTS.patterns,
            {
              group: ['**/report/**'],
              message: 'report/ renders scan items, so scan/ must not import report/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The bundle's entry: CommonJS, so that the bundle is (see scripts/bundle.ts).
    files: ['src/index.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**', 'e2e/**', 'test-support/**', 'live/**', '__tests__/**'],
    rules: { 'no-console': 'off' },
  },
);
