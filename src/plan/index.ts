export { blockReason, heldCertificates, heldSteps, type Gated } from './block.js';
export { describeSetting, describeStep } from './describe.js';
export { duplicateCertificates } from './duplicates.js';
export { zoneRemovals } from './options.js';
export { planZone } from './plan-zone.js';
export { PLAN_RULES } from './rules.js';
export { isReusable } from './statuses.js';
export type * from './types.js';
