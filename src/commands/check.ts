/** `check`: validate everything offline and report; with Cloudflare read access, show the plan. */
import type { RunReport } from '../report/model.js';
import type { Settings } from '../settings.js';
import { inspect } from './inspect.js';

export async function check(settings: Settings, now: Date): Promise<RunReport> {
  const inspection = await inspect(settings, now);
  const notes: string[] = [];
  if (!settings.cloudflare) {
    notes.push(
      'No plan was computed: no Cloudflare credentials were given (api-token), so only offline checks ran.',
    );
  }
  return {
    command: 'check',
    manifest: settings.config,
    rows: inspection.rows,
    findings: inspection.findings,
    notes,
  };
}
