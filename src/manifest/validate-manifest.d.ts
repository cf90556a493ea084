/** Types of the generated validate-manifest.js (scripts/manifest-validator.ts). */
import type { ErrorObject } from 'ajv';

export interface ManifestValidator {
  (data: unknown): boolean;
  /** The last call's errors, as Ajv reports them; null when it passed. */
  errors?: ErrorObject[] | null;
}

export declare const validate: ManifestValidator;
export default validate;
