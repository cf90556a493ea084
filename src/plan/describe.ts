import { isoDate } from '../dates.js';
import type { Fallback, PreviousAssociation, Step } from './types.js';

/** One human line per step, for the job summary and the PR comment. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'upload':
      return `Upload ${step.certificate} (SHA-256 ${step.sha256.slice(0, 16)}…, expires ${isoDate(step.notAfter)}).`;
    case 'reuse':
      return `Reuse ${step.certificate}: already in Cloudflare as ${step.id} (${step.status}), no upload.`;
    case 'associate':
      return `Point ${step.hostnames.join(', ')} at ${step.certificate} (${step.certId ?? 'its new ID'}); before: ${step.previous.map(describePrevious).join('; ')}.`;
    case 'disassociate':
      return `Remove the association of ${step.hostnames.join(', ')} with ${step.certId} (enabled: null); the origin then gets ${describeFallback(step.fallback)}.`;
    case 'delete':
      return `Delete ${step.id}: ${describeDeletion(step)}.`;
  }
}

/** The zone's AOP setting, as the plan shows it. */
export function describeSetting(settingEnabled: boolean | null): string {
  if (settingEnabled === null) return 'Zone-level AOP setting: unknown (Cloudflare did not say).';
  return `Zone-level AOP setting: ${settingEnabled ? 'enabled' : 'disabled'}.`;
}

function describePrevious(previous: PreviousAssociation): string {
  if (previous.certId === undefined) return `${previous.hostname} had none`;
  return `${previous.hostname} on ${previous.certId}${previous.enabled === false ? ' (disabled)' : ''}`;
}

function describeFallback(fallback: Fallback): string {
  switch (fallback) {
    case 'zone-certificate':
      return 'the zone-level certificate (the zone setting is enabled)';
    case 'global-certificate':
      return "Cloudflare's global certificate (the zone setting is disabled, global AOP tls_client_auth is on)";
    case 'none':
      return 'no client certificate (the zone setting and global AOP tls_client_auth are both off)';
    case 'global-unknown':
      return "no zone-level certificate (the zone setting is disabled): Cloudflare's global certificate if global AOP (tls_client_auth) is on, else none (the token could not read it)";
    case 'unknown':
      return "the zone-level certificate if the zone setting is enabled, else Cloudflare's global certificate if global AOP (tls_client_auth) is on, else none (Cloudflare did not say which)";
  }
}

function describeDeletion(step: Extract<Step, { kind: 'delete' }>): string {
  switch (step.reason) {
    case 'replaced':
      return `replaced by ${step.replacedBy.join(', ')}`;
    case 'pruned':
      return step.replacedBy.length > 0
        ? `replaced by ${step.replacedBy.join(', ')} and no longer in the manifest (prune)`
        : 'owned, and no longer in the manifest (prune)';
    case 'failed-upload':
      return `a timed-out earlier upload of ${step.replacedBy.join(', ')}, which is uploaded again`;
    case 'leftover':
      return 'owned, serving no hostname, and no longer in the manifest: left by an earlier rotation (delete-replaced)';
  }
}
