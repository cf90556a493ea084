/** Puts a RunReport where a runner shows it: annotations, outputs and the job summary. */
import * as core from '@actions/core';
import { annotationsFor } from './report/annotations.js';
import type { RunReport } from './report/model.js';
import { outputsOf } from './report/outputs.js';
import { renderSummary } from './report/summary.js';
import type { Settings } from './settings.js';
import { redactSecrets } from './secrets.js';

const ANNOTATE = { error: core.error, warning: core.warning, notice: core.notice } as const;

function annotate(report: RunReport): void {
  for (const annotation of annotationsFor(report.findings)) {
    ANNOTATE[annotation.level](redactSecrets(annotation.message), {
      title: redactSecrets(annotation.title),
      file: annotation.file,
      startLine: annotation.line,
    });
  }
}

function setOutputs(outputs: Record<string, unknown>): void {
  // Scalars go out as plain text so `if: steps.x.outputs.errors > 0` works; the rest as JSON.
  for (const [name, value] of Object.entries(outputs))
    core.setOutput(name, redactSecrets(typeof value === 'string' ? value : JSON.stringify(value)));
}

async function writeSummary(markdown: string, hasSummary: boolean): Promise<void> {
  if (!hasSummary) {
    core.info(redactSecrets(markdown));
    return;
  }
  try {
    await core.summary.addRaw(redactSecrets(markdown)).write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}

export async function publish(report: RunReport, settings: Settings): Promise<void> {
  annotate(report);
  setOutputs(outputsOf(report, settings.warnDays));
  await writeSummary(renderSummary(report), settings.runner.hasSummary);
}
