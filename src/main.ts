/** run(): settings → command → report. The one place that decides the step's exit status. */
import * as core from '@actions/core';
import { check } from './commands/check.js';
import { deploy } from './commands/deploy.js';
import { scan } from './commands/scan.js';
import { UserError } from './errors.js';
import { countsAsError } from './findings.js';
import { publish } from './publish.js';
import type { RunReport } from './report/model.js';
import { headline } from './report/summary.js';
import { readSettings, type Command, type Settings } from './settings.js';

type CommandRunner = (settings: Settings, now: Date) => Promise<RunReport>;

const COMMANDS: Record<Command, CommandRunner | undefined> = {
  check,
  deploy,
  scan,
};

export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    const command = COMMANDS[settings.command];
    if (!command)
      throw new UserError(`The "${settings.command}" command is not available in this version yet.`);
    core.info(`aop-certs ${settings.command}: manifest ${settings.config}`);
    const report = await command(settings, new Date());
    await publish(report, settings.warnDays);
    const errors = report.findings.filter(countsAsError).length;
    if (errors > 0) core.setFailed(`${headline(report)}. The job summary lists each finding with its fix.`);
    else core.info(headline(report));
  } catch (error) {
    if (error instanceof UserError) {
      core.setFailed(error.message);
      return;
    }
    core.debug((error as Error).stack ?? String(error));
    core.setFailed(
      `aop-certs stopped on an unexpected error: ${(error as Error).message}. Nothing more was written. ` +
        'Please report it with this log (re-run with debug logging for details).',
    );
  }
}
