/** Probe observations → verdicts, pure: what counts as the origin refusing a client. */
import type { ProbeObservation, ProbeResult, ProbeKind, ServerKind } from './types.js';

/**
 * Statuses that mean "refused for the client certificate" whatever the body: nginx's own 495/496
 * (when they reach the client), 403 from servers that check the certificate after the handshake.
 */
const REFUSING_STATUSES = new Set([403, 495, 496]);

/** Phrases of error pages that blame the client certificate (nginx sends them with a 400). */
const REFUSING_PHRASES = [
  /No required SSL certificate was sent/i,
  /The SSL certificate error/i,
  /SSL certificate (?:error|required|verify)/i,
  /client certificate/i,
];

export function classify(probe: ProbeKind, observation: ProbeObservation): ProbeResult {
  if (observation.kind === 'unreachable') {
    return { probe, verdict: 'unreachable', answer: observation.reason };
  }
  if (observation.kind === 'tls-refused') {
    return { probe, verdict: 'refused', answer: `TLS: ${observation.alert}` };
  }
  const server = serverOf(observation.server, observation.phrase);
  const words = [`HTTP ${observation.status}${observation.reason ? ` ${observation.reason}` : ''}`];
  if (observation.phrase) words.push(`"${observation.phrase}"`);
  if (observation.server) words.push(`(Server: ${observation.server})`);
  const refused =
    REFUSING_STATUSES.has(observation.status) ||
    (observation.status === 400 && REFUSING_PHRASES.some((phrase) => phrase.test(observation.phrase ?? '')));
  return {
    probe,
    verdict: refused ? 'refused' : 'accepted',
    answer: words.join(' '),
    ...(server ? { server } : {}),
  };
}

/** The web server, from its Server header or the signature line of its error page. */
export function serverOf(header: string | undefined, page: string | undefined): ServerKind | undefined {
  const text = `${header ?? ''} ${page ?? ''}`.toLowerCase();
  if (text.includes('nginx') || text.includes('openresty')) return 'nginx';
  if (text.includes('apache')) return 'apache';
  if (text.includes('haproxy')) return 'haproxy';
  if (text.includes('caddy')) return 'caddy';
  if (text.includes('traefik')) return 'traefik';
  return undefined;
}

/** Node's TLS error codes name the alert: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED → "certificate required". */
export function alertName(code: string | undefined, message: string): string {
  const fromCode = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13|SSL\/TLS)_ALERT_([A-Z_]+)$/.exec(code ?? '')?.[1];
  const fromMessage = /(?:sslv3|tlsv1|tlsv13|ssl\/tls) alert ([a-z ]+?)(?::|$)/i.exec(message)?.[1];
  const name = fromCode?.toLowerCase().replace(/_/g, ' ') ?? fromMessage?.toLowerCase();
  const number = /alert number (\d+)/.exec(message)?.[1];
  if (name) return `alert ${name}${number ? ` (${number})` : ''}`;
  if (code === 'ECONNRESET') return 'connection reset by the origin';
  if (code === 'EPIPE') return 'connection closed by the origin while sending';
  return (message.split('\n')[0] ?? '').slice(0, 120);
}

/**
 * The few words of an error page worth quoting: a known phrase, else its <title>. Only letters,
 * digits and plain punctuation survive, so an origin cannot inject markup into a report.
 */
export function pagePhrase(body: string): string | undefined {
  for (const phrase of REFUSING_PHRASES) {
    const match = phrase.exec(body);
    if (match) return clean(match[0]);
  }
  const title = /<title>([^<]{1,120})<\/title>/i.exec(body)?.[1];
  const signature = /<center>(nginx[^<]{0,40})<\/center>|<address>([^<]{1,80})<\/address>/i.exec(body);
  const parts = [title, signature?.[1] ?? signature?.[2]].filter(Boolean).map((part) => clean(part!));
  return parts.length > 0 ? parts.join(' / ') : undefined;
}

function clean(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 .,:;()/'_-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
