/** The origin probes as plain values: what was sent, what came back, what it means. */
import type { OriginTarget } from '../manifest/types.js';

/** (a) no client certificate, (b) a throwaway leaf from a CA made for the run, (c) the manifest's leaf. */
export type ProbeKind = 'none' | 'foreign' | 'leaf';

export const PROBE_LABEL: Record<ProbeKind, string> = {
  none: '(a) no client certificate',
  foreign: '(b) a certificate from an unknown CA',
  leaf: "(c) the manifest's leaf",
};

/** What the origin did, as seen from the client; no judgement yet. */
export type ProbeObservation =
  /** No TCP connection, or no TLS on it. */
  | { kind: 'unreachable'; reason: string }
  /** The TLS layer refused: an alert from the server, or the connection reset or closed mid-way. */
  | { kind: 'tls-refused'; alert: string }
  /** An HTTP answer came back. */
  | { kind: 'http'; status: number; reason: string; server?: string; phrase?: string };

export type ProbeVerdict = 'refused' | 'accepted' | 'unreachable';

export interface ProbeResult {
  probe: ProbeKind;
  verdict: ProbeVerdict;
  /** The origin's answer in words: the alert name, or the status line and the phrase it said. */
  answer: string;
  /** The web server that answered, when it said (Server header or error page). */
  server?: ServerKind;
}

export type ServerKind = 'nginx' | 'apache' | 'haproxy' | 'caddy' | 'traefik';

/** One hostname's probes against its origin. */
export interface HostnameProbes {
  zone: string;
  certificate: string;
  hostname: string;
  origin: OriginTarget;
  results: ProbeResult[];
  /** Probes not run, each with why. */
  skipped: { probe: ProbeKind; why: string }[];
}

/** An origin as people write it and as the probes tell origins apart: `address:port`. */
export function originKey(origin: OriginTarget): string {
  return `${origin.address}:${origin.port}`;
}

/** No TCP connection at all: every other probe of that origin would wait for the same timeout. */
export function noConnection(result: ProbeResult): boolean {
  return result.verdict === 'unreachable' && result.answer.startsWith('no TCP');
}
