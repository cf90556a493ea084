import { describe, expect, it } from 'vitest';
import { fixLineIn, placeFixIn } from '../../../src/pki/extfile/fix-line.js';
import { parseExtFile } from '../../../src/pki/extfile/index.js';

const FILE = [
  '# leaf',
  'basicConstraints = CA:FALSE',
  '',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = serverAuth',
  '',
].join('\n');
const EKU_FIX = 'Write this line in cert.v3.ext and re-issue: `extendedKeyUsage = clientAuth`.';

describe('fixLineIn', () => {
  const parsed = parseExtFile(FILE);

  it('is the line declaring the extension the fix writes', () => {
    expect(fixLineIn(parsed, EKU_FIX)).toBe(5);
    expect(
      fixLineIn(parsed, 'Write this line in cert.v3.ext and re-issue: `basicConstraints=CA:FALSE`.'),
    ).toBe(2);
  });

  it('is the last declared extension when the file lacks it, and line 1 when it declares none', () => {
    expect(
      fixLineIn(parsed, 'Write this line in cert.v3.ext and re-issue: `subjectKeyIdentifier=hash`.'),
    ).toBe(5);
    expect(fixLineIn(parseExtFile('# nothing\n'), EKU_FIX)).toBe(1);
  });

  it('is undefined when the fix quotes no extension line', () => {
    expect(fixLineIn(parsed, 'Re-issue with `openssl x509 -req ... -extfile cert.v3.ext`.')).toBeUndefined();
    expect(fixLineIn(parsed, 'Use `-subj /CN=a=b`.')).toBeUndefined();
    expect(fixLineIn(parsed, undefined)).toBeUndefined();
  });
});

describe('placeFixIn', () => {
  it("places only fixes written in cert.v3.ext, keeping the finding's own file and line", () => {
    const finding = {
      severity: 'error' as const,
      rule: 'eku.client_auth' as const,
      message: 'm',
      file: 'a.crt',
      line: 1,
    };
    const parsed = parseExtFile(FILE);
    expect(placeFixIn({ ...finding, fix: EKU_FIX }, 'a.ext', parsed)).toEqual({
      ...finding,
      fix: EKU_FIX,
      fixAt: { file: 'a.ext', line: 5 },
    });
    const elsewhere = { ...finding, fix: 'Set `private-key = x` in the manifest.' };
    expect(placeFixIn(elsewhere, 'a.ext', parsed)).toBe(elsewhere);
  });
});
