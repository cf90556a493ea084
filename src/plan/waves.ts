/**
 * Fitting uploads into the zone's certificate slots without ever deleting a certificate before
 * its successor serves (DESIGN §4, Slots): when old and new cannot be held at once, uploads go in
 * waves, each freeing slots (by deleting what it replaced) for the next.
 */

export interface SlotDemand {
  /** Slots free once the leading clean-up (if any) is done. */
  free: number;
  /** Certificates to upload, in manifest order. */
  uploads: string[];
  /** Deletions that free a slot, each possible once the named uploads are associated. */
  deletions: { id: string; after: string[] }[];
}

/** 0-based rotation wave of each upload and each deletion. */
export interface WaveSchedule {
  waves: number;
  uploadWave: Map<string, number>;
  deletionWave: Map<string, number>;
}

/** Undefined when the uploads cannot fit, even one at a time with those that free a slot first. */
export function scheduleWaves(demand: SlotDemand): WaveSchedule | undefined {
  const uploadWave = new Map<string, number>();
  const deletionWave = new Map<string, number>();
  let free = demand.free;
  let remaining = [...demand.uploads];
  let pending = [...demand.deletions];
  let wave = 0;
  const isReady = (deletion: { after: string[] }) => deletion.after.every((name) => uploadWave.has(name));
  for (;;) {
    // With no slot free, a wave can still delete what waits for nothing to be uploaded (its
    // successor is already in Cloudflare, e.g. uploaded by a run that stopped before pointing).
    if (remaining.length > 0 && free <= 0 && !pending.some(isReady)) return undefined;
    // Uploads that let a predecessor go come first: each one gives its slot back in this wave.
    const unblocking = new Set(pending.flatMap((deletion) => deletion.after));
    const picked = [
      ...remaining.filter((name) => unblocking.has(name)),
      ...remaining.filter((name) => !unblocking.has(name)),
    ].slice(0, Math.max(free, 0));
    for (const name of picked) uploadWave.set(name, wave);
    remaining = remaining.filter((name) => !picked.includes(name));
    free -= picked.length;
    const ready = pending.filter(isReady);
    for (const deletion of ready) deletionWave.set(deletion.id, wave);
    pending = pending.filter((deletion) => !ready.includes(deletion));
    free += ready.length;
    wave += 1;
    if (remaining.length === 0) return { waves: wave, uploadWave, deletionWave };
  }
}
