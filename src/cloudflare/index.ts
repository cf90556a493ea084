/**
 * The only code that speaks HTTP to Cloudflare: per-hostname AOP certificates and associations,
 * and the zone's AOP setting, over undici (proxy from HTTPS_PROXY/NO_PROXY), with typed errors,
 * bounded retries, pacing under the rate limit, and uploads that are never made twice.
 */
export {
  createCloudflareClient,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_RETRY_MS,
  DEFAULT_PACE,
  DEFAULT_TIMEOUT_MS,
  type ClosableCloudflareClient,
} from './client.js';
export { CloudflareApiError, type CloudflareMessage, type FailureKind } from './errors.js';
export {
  isListUnavailable,
  readAssociations,
  readHostname,
  readHostnames,
  type AssociationMode,
  type ZoneAssociations,
} from './associations.js';
export { isDuplicateRefusal } from './client.js';
export { certificateSha256 } from './normalize.js';
export type * from './types.js';
