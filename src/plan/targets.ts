import { normalizeHostname, type RemoteState } from './remote-state.js';
import { isReusable, isTimedOut } from './statuses.js';
import type { DesiredCertificate, PreviousAssociation, RemoteCertificate } from './types.js';

/** Where one manifest certificate ends up: an existing certificate to reuse, or an upload. */
export interface Target {
  desired: DesiredCertificate;
  /** The same certificate already in Cloudflare; absent when it must be uploaded. */
  existing?: RemoteCertificate;
  /** Hostnames to point at it (new, re-pointed or re-enabled), with what they had before. */
  moves: PreviousAssociation[];
  /** Timed-out earlier uploads of the same certificate (owned, by definition of being the same). */
  failedCopies: RemoteCertificate[];
}

export function resolveTargets(desired: DesiredCertificate[], state: RemoteState): Target[] {
  const remote = [...state.certificates.values()];
  return desired.map((certificate) => {
    const same = remote.filter((candidate) => candidate.sha256 === certificate.sha256);
    const existing = pickReusable(same);
    const moves = certificate.hostnames.map(normalizeHostname).flatMap((hostname) => {
      const current = state.associations.get(hostname);
      if (!current) return [{ hostname }];
      // In place only when verified serving: a pending association or certificate is PUT again
      // and verified, so nothing it replaces is deleted on the strength of a deployment under way.
      const inPlace =
        existing !== undefined &&
        existing.status === 'active' &&
        state.associations.serves(hostname, existing.id);
      return inPlace ? [] : [{ hostname, certId: current.certId, enabled: current.enabled === true }];
    });
    const failedCopies = existing ? [] : same.filter((copy) => copy.owned && isTimedOut(copy.status));
    return existing
      ? { desired: certificate, existing, moves, failedCopies }
      : { desired: certificate, moves, failedCopies };
  });
}

/** Cloudflare refuses a second upload of a live certificate, so at most one should match; prefer an active one. */
function pickReusable(same: RemoteCertificate[]): RemoteCertificate | undefined {
  const reusable = same.filter((candidate) => isReusable(candidate.status));
  return reusable.find((candidate) => candidate.status === 'active') ?? reusable[0];
}
