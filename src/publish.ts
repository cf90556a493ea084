/** Puts a RunReport where a runner shows it: annotations, outputs and the job summary. */
import * as core from '@actions/core';
import { annotationsFor } from './report/annotations.js';
import type { RunReport } from './report/model.js';
import { outputsOf } from './report/outputs.js';
import { summaryPieces } from './report/summary.js';
import type { Settings } from './settings.js';
import { hasSecrets, redactSecrets } from './secrets.js';

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

async function writeSummary(pieces: string[], hasSummary: boolean): Promise<void> {
  if (!hasSummary) {
    core.info(redactSecrets(pieces.join('')));
    return;
  }
  try {
    // Redaction needs the whole text (a secret may span pieces); with nothing to redact, the
    // pieces go in as they are, and the summary is never copied whole before it is written.
    if (hasSecrets()) core.summary.addRaw(redactSecrets(pieces.join('')));
    else for (const piece of pieces) core.summary.addRaw(piece);
    await core.summary.write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}

export async function publish(report: RunReport, settings: Settings): Promise<void> {
  annotate(report);
  setOutputs(outputsOf(report, settings.warnDays));
  await writeSummary(summaryPieces(report), settings.runner.hasSummary);
}
