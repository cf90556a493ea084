import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { VALIDATOR_FILE, validatorSource } from '../../scripts/manifest-validator.js';

describe('the precompiled manifest validator', () => {
  it('is what the schema compiles to today (run `npm run validator` after editing the schema)', async () => {
    expect(await readFile(VALIDATOR_FILE, 'utf8')).toBe(await validatorSource());
  });
});
