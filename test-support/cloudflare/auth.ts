/** Both of Cloudflare's auth styles (api reference §1.1), with read-only tokens for permission tests. */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiFailure } from './envelope.js';

export interface AuthConfig {
  /** Tokens allowed to read and write. */
  tokens: Set<string>;
  /** Tokens allowed to read only ("SSL and Certificates Read"). */
  readOnlyTokens: Set<string>;
  globalKey: { email: string; key: string };
}

/** Who is calling, as a rate-limit bucket name; throws the failure Cloudflare would answer with. */
export function authenticate(config: AuthConfig, headers: IncomingHttpHeaders, write: boolean): string {
  const authorization = headers.authorization;
  const email = headers['x-auth-email'];
  const key = headers['x-auth-key'];
  if (typeof authorization === 'string' && authorization !== '') {
    const token = /^Bearer (.+)$/.exec(authorization)?.[1];
    if (token === undefined) throw new ApiFailure(400, 6111, 'Invalid format for Authorization header');
    if (config.tokens.has(token)) return `token:${token}`;
    if (config.readOnlyTokens.has(token)) {
      if (write) throw new ApiFailure(403, 10000, 'Authentication error');
      return `token:${token}`;
    }
    throw new ApiFailure(403, 10000, 'Authentication error');
  }
  if (typeof email === 'string' || typeof key === 'string') {
    if (email === config.globalKey.email && key === config.globalKey.key) return `key:${email}`;
    throw new ApiFailure(403, 10000, 'Authentication error');
  }
  throw new ApiFailure(400, 6003, 'Invalid request headers');
}
