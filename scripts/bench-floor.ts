/** The floor the benchmarks compare against: a bare node:crypto parse-and-verify loop, and median timing. */
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** How many of `leaves` (PEM or DER) verify under the CA in `caPem`. */
export function verifiedUnderCa(caPem: Buffer, leaves: Buffer[]): number {
  const caKey = new X509Certificate(caPem).publicKey;
  let verified = 0;
  for (const leaf of leaves) if (new X509Certificate(leaf).verify(caKey)) verified += 1;
  return verified;
}

/** Median wall time of `runs` calls to `task` after one warm-up call, with the last call's result. */
export async function medianMs<T>(runs: number, task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await task();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, result };
}
