export { compareExtFile } from './compare.js';
export { parseExtFile } from './parse.js';
export { EXTFILE_RULES } from './rules.js';
export type { DeclaredExtension, ParsedExtFile, SanEntry } from './types.js';
