/** Posts (or updates) the sticky report on the PR; a token that may not write only costs a note. */
import * as core from '@actions/core';
import { GitHubPermissionError, GitHubRequestError, type GitHub } from './index.js';
import type { RunReport } from '../report/model.js';

/** What a step adds to the run's report besides its main result. */
export type ReportAdditions = Pick<RunReport, 'notes' | 'findings'>;

/** The sticky comment's outcome; `url` is set when the comment exists after the call. */
export type StickyCommentResult = ReportAdditions & { url?: string };

export async function postStickyComment(
  github: GitHub | undefined,
  pullNumber: number,
  marker: string,
  body: string,
): Promise<StickyCommentResult> {
  if (!github) return { notes: ['No GitHub token: the report is in the job summary only.'], findings: [] };
  try {
    const result = await github.upsertStickyComment(pullNumber, marker, body);
    core.info(`PR #${pullNumber}: report comment ${result.action} (${result.url}).`);
    return { notes: [], findings: [], url: result.url };
  } catch (error) {
    if (error instanceof GitHubPermissionError) {
      return {
        notes: [
          `The report could not be posted on PR #${pullNumber} (${error.hint}); the job summary carries it.`,
        ],
        findings: [],
      };
    }
    if (!(error instanceof GitHubRequestError)) throw error;
    return {
      notes: [],
      findings: [
        {
          severity: 'warning',
          rule: 'github.unavailable',
          message: `The report could not be posted on PR #${pullNumber}: ${error.message}. The job summary carries it.`,
          fix: "Re-run the job to post it; if it keeps failing, check GitHub's status.",
        },
      ],
    };
  }
}
