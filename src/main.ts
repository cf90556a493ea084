/** run(): settings → command → report. The one place that decides the step's exit status. */
import * as core from '@actions/core';
import { CloudflareApiError } from './cloudflare/index.js';
import { check } from './commands/check.js';
import { deploy } from './commands/deploy.js';
import { importZones } from './commands/import.js';
import { renew, scanAndRenew } from './commands/renew.js';
import { scan } from './commands/scan.js';
import { verifyOrigin } from './commands/verify-origin.js';
import { UserError } from './errors.js';
import { countsAsError } from './findings.js';
import { GitHubRequestError } from './github/index.js';
import { publish } from './publish.js';
import type { RunReport } from './report/model.js';
import { headline } from './report/summary.js';
import { redactLogs } from './secrets.js';
import { readSettings, type Command, type Settings } from './settings.js';

type CommandRunner = (settings: Settings, now: Date) => Promise<RunReport>;

const COMMANDS: Record<Command, CommandRunner> = {
  check,
  deploy,
  scan: (settings, now) => (settings.renew ? scanAndRenew(settings, now) : scan(settings, now)),
  'verify-origin': verifyOrigin,
  renew,
  import: importZones,
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
