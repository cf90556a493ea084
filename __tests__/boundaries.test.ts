import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

/** The rule IDs `npm run lint` reports for this source at this path. */
async function violations(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [x];\n`, { filePath });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('the house boundaries, as npm run lint enforces them', () => {
  it.each([
    ['src/pki/x.ts', "import { readFile as x } from 'node:fs/promises';"],
    ['src/plan/x.ts', "import { execFile as x } from 'node:child_process';"],
    ['src/report/x.ts', "import * as x from '@actions/core';"],
    ['src/scan/x.ts', "import { fetch as x } from 'undici';"],
    ['src/manifest/x.ts', "import { connect as x } from 'node:net';"],
    ['src/pki/lints/x.ts', "import type { Settings as x } from '../../settings.js';"],
    ['src/scan/x.ts', "import type { ZoneRemote as x } from '../commands/remote-state.js';"],
    ['src/plan/x.ts', "import { readRepoFile as x } from '../files/repo-file.js';"],
    ['src/scan/x.ts', "import type { CertificateRow as x } from '../report/model.js';"],
  ])('a pure module may not import I/O, the runner, commands or settings: %s', async (file, source) => {
    expect(await violations(file, source)).toContain(RESTRICTED);
  });

  it.each([
    ['src/pki/x.ts', "import { isIP as x } from 'node:net';"],
    ['src/plan/x.ts', "import type { HostnameAssociation as x } from '../cloudflare/index.js';"],
    ['src/report/x.ts', "import type { ScanItem as x } from '../scan/index.js';"],
    ['src/commands/x.ts', "import { readFile as x } from 'node:fs/promises';"],
  ])('allows pure checks, plain-data types, and I/O outside the pure folders: %s', async (file, source) => {
    expect(await violations(file, source)).not.toContain(RESTRICTED);
  });

  it('lets only settings.ts read the environment', async () => {
    const source = 'const x = process.env.GITHUB_RUN_ID;';
    expect(await violations('src/commands/x.ts', source)).toContain('no-restricted-properties');
    expect(await violations('src/settings.ts', source)).not.toContain('no-restricted-properties');
  });

  it('lets only publish and main write annotations: commands report through the RunReport', async () => {
    const source = "import * as core from '@actions/core';\nconst x = () => core.warning('w');";
    expect(await violations('src/commands/x.ts', source)).toContain('no-restricted-properties');
    expect(await violations('src/github/x.ts', source)).toContain('no-restricted-properties');
    expect(await violations('src/publish.ts', source)).not.toContain('no-restricted-properties');
  });
});
