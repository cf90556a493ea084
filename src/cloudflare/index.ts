/**
 * The only code that speaks HTTP to Cloudflare: per-hostname AOP certificates and associations,
 * and the zone's AOP setting, over undici (proxy from HTTPS_PROXY/NO_PROXY), with typed errors,
 * bounded retries, pacing under the rate limit, and uploads that are never made twice.
 */
export { createCloudflareClient, DEFAULT_PACE, type ClosableCloudflareClient } from './client.js';
export { CloudflareApiError } from './errors.js';
export { readAssociations, readHostnames, type AssociationMode } from './associations.js';
export { certificateSha256 } from './normalize.js';
export type * from './types.js';
