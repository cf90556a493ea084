/** Runs the probes for a set of hostnames: (a), (b) and (c) per hostname, a few hostnames at once. */
import type { OriginTarget } from '../manifest/types.js';
import { classify } from './classify.js';
import { throwawayClientCertificate } from './throwaway.js';
import { probeOnce, type ClientCertificate, type ProbeOptions } from './tls-probe.js';
import { noConnection, originKey, type HostnameProbes, type ProbeKind, type ProbeResult } from './types.js';

export interface ProbeTarget {
  zone: string;
  certificate: string;
  hostname: string;
  origin: OriginTarget;
  /** The manifest's leaf with its key, for probe (c); absent when no key was given. */
  leaf?: ClientCertificate;
  /** Why (c) cannot run, when `leaf` is absent. */
  noLeafBecause?: string;
}

export interface RunProbesOptions extends ProbeOptions {
  /** Hostnames probed at once. */
  parallel?: number;
  now?: Date;
}

const ORDER: ProbeKind[] = ['none', 'foreign', 'leaf'];

export async function runProbes(
  targets: ProbeTarget[],
  kinds: ProbeKind[],
  options: RunProbesOptions = {},
): Promise<HostnameProbes[]> {
  const foreign = kinds.includes('foreign') ? await throwawayClientCertificate(options.now) : undefined;
  const out: HostnameProbes[] = new Array(targets.length);
  // An origin no connection reaches is unreachable for all its hostnames: one timeout, not one each.
  const unreachable = new Map<string, ProbeResult>();
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index]!;
      const origin = originKey(target.origin);
      const known = unreachable.get(origin);
      out[index] = known
        ? unreachableAgain(target, kinds, known)
        : await probeHostname(target, kinds, foreign, options);
      const result = out[index]!.results.find(noConnection);
      if (result) unreachable.set(origin, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, targets.length) }, worker));
  return out;
}

function unreachableAgain(target: ProbeTarget, kinds: ProbeKind[], known: ProbeResult): HostnameProbes {
  const [first, ...rest] = ORDER.filter((candidate) => kinds.includes(candidate));
  const { zone, certificate, hostname, origin } = target;
  return {
    zone,
    certificate,
    hostname,
    origin,
    results: [{ ...known, probe: first! }],
    skipped: rest.map((probe) => ({ probe, why: 'the origin could not be reached' })),
  };
}

async function probeHostname(
  target: ProbeTarget,
  kinds: ProbeKind[],
  foreign: ClientCertificate | undefined,
  options: ProbeOptions,
): Promise<HostnameProbes> {
  const results: ProbeResult[] = [];
  const skipped: HostnameProbes['skipped'] = [];
  for (const kind of ORDER.filter((candidate) => kinds.includes(candidate))) {
    const client = kind === 'none' ? undefined : kind === 'foreign' ? foreign : target.leaf;
    if (kind === 'leaf' && !client) {
      skipped.push({
        probe: kind,
        why: target.noLeafBecause ?? 'no private key was given for this certificate',
      });
      continue;
    }
    const result = classify(kind, await probeOnce(target.origin, target.hostname, client, options));
    results.push(result);
    // One unreachable probe says it for all: the others would only wait for the same timeout.
    if (result.verdict === 'unreachable') {
      for (const rest of ORDER.filter((candidate) => kinds.includes(candidate) && candidate !== kind)) {
        if (!results.some((done) => done.probe === rest))
          skipped.push({ probe: rest, why: 'the origin could not be reached' });
      }
      break;
    }
  }
  const { zone, certificate, hostname, origin } = target;
  return { zone, certificate, hostname, origin, results, skipped };
}
