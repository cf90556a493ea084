export { describeSetting, describeStep } from './describe.js';
export { planZone } from './plan-zone.js';
export { PLAN_RULES } from './rules.js';
export { isReusable } from './statuses.js';
export type * from './types.js';
