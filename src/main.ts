/** run(): settings → command → report. The one place that decides the step's exit status. */
import * as core from '@actions/core';
import { CloudflareApiError } from './cloudflare/errors.js';
import { UserError } from './errors.js';
import { countsAsError } from './findings.js';
import { GitHubRequestError } from './github/errors.js';
import { publish } from './publish.js';
import type { RunReport } from './report/model.js';
import { headline } from './report/summary.js';
import { redactLogs } from './secrets.js';
import { readSettings, type Command, type Settings } from './settings.js';

type CommandRunner = (settings: Settings, now: Date) => Promise<RunReport>;

// Each command is imported when it runs: the bundle keeps it in a chunk of its own, so a run
// loads only its command's code (and a check never loads the HTTP clients a deploy needs).
const COMMANDS: Record<Command, CommandRunner> = {
  check: async (settings, now) => (await import('./commands/check.js')).check(settings, now),
  deploy: async (settings, now) => (await import('./commands/deploy.js')).deploy(settings, now),
  scan: async (settings, now) =>
    settings.renew
      ? (await import('./commands/renew.js')).scanAndRenew(settings, now)
      : (await import('./commands/scan.js')).scan(settings, now),
  'verify-origin': async (settings, now) =>
    (await import('./commands/verify-origin.js')).verifyOrigin(settings, now),
  renew: async (settings, now) => (await import('./commands/renew.js')).renew(settings, now),
  import: async (settings, now) => (await import('./commands/import.js')).importZones(settings, now),
};

/** Errors whose message already says what went wrong and what to do: shown as they are. */
function isExplained(error: unknown): error is Error {
  return (
    error instanceof UserError || error instanceof CloudflareApiError || error instanceof GitHubRequestError
  );
}

export async function run(): Promise<void> {
  redactLogs();
  try {
    const settings = readSettings();
    core.info(`aop-certs ${settings.command}: manifest ${settings.config}`);
    const report = await COMMANDS[settings.command](settings, new Date());
    await publish(report, settings);
    const errors = report.findings.filter(countsAsError).length;
    if (errors > 0) core.setFailed(`${headline(report)}. The job summary lists each finding with its fix.`);
    else core.info(headline(report));
  } catch (error) {
    if (isExplained(error)) {
      core.setFailed(error.message);
      return;
    }
    core.debug((error as Error).stack ?? String(error));
    core.setFailed(
      `aop-certs stopped on an unexpected error: ${(error as Error).message}. ` +
        'Please report it with this log (re-run with debug logging for details).',
    );
  }
}
