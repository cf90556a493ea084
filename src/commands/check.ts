/** `check`: validate everything offline and report; with Cloudflare read access, show the plan. */
import { renderComment } from '../report/comment.js';
import type { RunReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { githubFor, reportMarker } from './github-session.js';
import { inspect } from './inspect.js';
import { postStickyComment } from './pr-comment.js';

export async function check(settings: Settings, now: Date): Promise<RunReport> {
  const github = githubFor(settings);
  const inspection = await inspect(settings, now, github);
  const notes: string[] = [];
  if (!settings.cloudflare) {
    notes.push('No plan was computed: no Cloudflare credentials were given (api-token), so only offline checks ran.');
  }
  const report: RunReport = {
    command: 'check',
    manifest: settings.config,
    rows: inspection.rows,
    findings: inspection.findings,
    notes,
  };
  const pullRequest = settings.event.pullRequest;
  if (pullRequest && settings.comment) {
    const marker = reportMarker('check', settings);
    const body = renderComment(report, {
      marker,
      serverUrl: process.env.GITHUB_SERVER_URL || 'https://github.com',
      owner: settings.event.owner,
      repo: settings.event.repo,
      sha: pullRequest.headSha ?? settings.event.sha,
      now,
      warnDays: settings.warnDays,
      failDays: settings.failDays,
    });
    await postStickyComment(github, pullRequest.number, marker, body);
  }
  return report;
}
