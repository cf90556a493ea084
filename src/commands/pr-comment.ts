/**
 * Posts (or updates) the sticky report on the PR; a token that may not write only costs a notice.
 * Returns the comment's URL when there is one.
 */
import * as core from '@actions/core';
import { GitHubPermissionError, GitHubRequestError, type GitHub } from '../github/index.js';

export async function postStickyComment(
  github: GitHub | undefined,
  pullNumber: number,
  marker: string,
  body: string,
): Promise<string | undefined> {
  if (!github) {
    core.notice('No GitHub token: the report is in the job summary only.');
    return undefined;
  }
  try {
    const result = await github.upsertStickyComment(pullNumber, marker, body);
    core.info(`PR #${pullNumber}: report comment ${result.action} (${result.url}).`);
    return result.url;
  } catch (error) {
    if (error instanceof GitHubPermissionError) {
      core.notice(
        `The report could not be posted on PR #${pullNumber} (${error.hint}); the job summary carries it.`,
      );
    } else if (error instanceof GitHubRequestError) {
      core.warning(
        `The report could not be posted on PR #${pullNumber}: ${error.message}. The job summary carries it.`,
      );
    } else {
      throw error;
    }
  }
  return undefined;
}
