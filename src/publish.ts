/** Puts a RunReport where a runner shows it: annotations, outputs and the job summary. */
import * as core from '@actions/core';
import { annotationsFor } from './report/annotations.js';
import type { RunReport } from './report/model.js';
import { outputsOf } from './report/outputs.js';
import { renderSummary } from './report/summary.js';

const ANNOTATE = { error: core.error, warning: core.warning, notice: core.notice } as const;

export function annotate(report: RunReport): void {
  for (const annotation of annotationsFor(report.findings)) {
    ANNOTATE[annotation.level](annotation.message, {
      title: annotation.title,
      file: annotation.file,
      startLine: annotation.line,
    });
  }
}

export function setOutputs(outputs: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(outputs))
    core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
}

export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown);
    return;
  }
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}

export async function publish(report: RunReport, warnDays: number): Promise<void> {
  annotate(report);
  setOutputs(outputsOf(report, warnDays));
  await writeSummary(renderSummary(report));
}
