/**
 * A fault for leak tests: an error whose message echoes the request back, as a careless API (or
 * a proxy in front of one) might, with every secret in it in every form an echo can take. Inject
 * a fault whose `message` holds ECHO; the emulator fills it in from the request it answers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiFailure } from './envelope.js';

export const ECHO = '{{echo-request}}';

function forms(label: string, value: string): string[] {
  const body = value
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
  const middle = Math.floor(body.length / 2);
  return [
    `${label}=${value}`,
    `${label} on one line=${body}`,
    `${label} cut=${body.slice(middle, middle + 30)}`,
    `${label} base64=${Buffer.from(value).toString('base64')}`,
    `${label} base64url=${Buffer.from(value).toString('base64url')}`,
    `${label} json=${JSON.stringify(value)}`,
  ];
}

/** The failure with ECHO replaced by the request's body, headers and their secrets in many forms. */
export function echoRequest(failure: ApiFailure, rawBody: string, headers: IncomingHttpHeaders): ApiFailure {
  if (!failure.message.includes(ECHO)) return failure;
  const parts = [`request body: ${rawBody}`, `request headers: ${JSON.stringify(headers)}`];
  const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  if (token) parts.push(...forms('token', token));
  const authKey = headers['x-auth-key'];
  if (typeof authKey === 'string') parts.push(...forms('auth key', authKey));
  try {
    const parsed = JSON.parse(rawBody) as Record<string, unknown>;
    if (typeof parsed.private_key === 'string') parts.push(...forms('private key', parsed.private_key));
  } catch {
    // not JSON: the raw body is echoed as it is
  }
  const message = failure.message.replace(ECHO, parts.join('; '));
  return new ApiFailure(failure.status, failure.code, message, failure.headers);
}
