/** The extension-file parser over generated and damaged files: no exception escapes, every failure is a finding. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExtFile } from '../../src/pki/extfile/index.js';
import { mutatedText, RUNS } from './mutate.js';

const SEED = [
  'authorityKeyIdentifier=keyid,issuer',
  'basicConstraints=CA:FALSE',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  'extendedKeyUsage = clientAuth',
  'subjectAltName = @alt_names',
  '1.3.6.1.4.1.99999.1 = DER:05:00',
  '',
  '[alt_names]',
  'DNS.1 = app.example.com',
  'IP.1 = 2001:db8::1',
  'email.1 = ops@example.com',
  '',
].join('\n');

const WITH_VARIABLES = [
  'extensions = ext',
  '[vars]',
  'host = app.example.com',
  'twice = $host,$host',
  '[ext]',
  'basicConstraints = critical, CA:FALSE',
  'subjectAltName = DNS:${vars::host}, DNS:$(vars::host)',
  'nsComment = "a \\"quoted\\" $$ value" # comment',
  'keyUsage = digitalSignature, \\',
  '  keyAgreement',
  '',
].join('\n');

function holds(text: string): void {
  const parsed = parseExtFile(text);
  const lines = text.split('\n').length;
  for (const finding of parsed.findings) {
    expect(finding.rule).toMatch(/^extfile\.[a-z_]+$/);
    expect(finding.message.length).toBeGreaterThan(0);
    if (finding.line !== undefined) {
      expect(Number.isInteger(finding.line)).toBe(true);
      expect(finding.line).toBeGreaterThanOrEqual(1);
      expect(finding.line).toBeLessThanOrEqual(lines);
    }
  }
  for (const extension of parsed.extensions) expect(typeof extension.name).toBe('string');
}

describe('parseExtFile, property-based', () => {
  it('damaged extension files', () => {
    fc.assert(fc.property(fc.oneof(mutatedText(SEED), mutatedText(WITH_VARIABLES)), holds), {
      numRuns: RUNS * 2,
    });
  });

  it('any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), holds), { numRuns: RUNS });
  });

  it('lines built from the syntax openssl reads', () => {
    const name = fc.constantFrom(
      'basicConstraints',
      'keyUsage',
      'extendedKeyUsage',
      'subjectAltName',
      'authorityKeyIdentifier',
      'subjectKeyIdentifier',
      'extensions',
      'v',
      'DNS.1',
      '1.2.3',
      '.include',
      'ENV::X',
    );
    const atom = fc.oneof(
      fc.constantFrom(
        'critical',
        'CA:FALSE',
        'CA:TRUE',
        'pathlen:0',
        'digitalSignature',
        'clientAuth',
        'DNS:a.example.com',
        'IP:10.0.0.1',
        '@alt',
        'keyid:always',
        'issuer',
        'DER:05:00',
        'ASN1:NULL',
        'email:copy',
        '$v',
        '${s::v}',
        '$(v)',
        '"q"',
        "'q'",
        '\\',
        '#',
        '',
      ),
      fc.string({ maxLength: 8 }),
    );
    const line = fc.oneof(
      fc.tuple(name, fc.array(atom, { maxLength: 5 })).map(([key, atoms]) => `${key} = ${atoms.join(', ')}`),
      fc.constantFrom('[alt]', '[ext]', '[ s ]', '[', '[default]', '[vars]'),
    );
    const file = fc.array(line, { maxLength: 15 }).map((lines) => lines.join('\n'));
    fc.assert(fc.property(file, holds), { numRuns: RUNS });
  });

  it('variables that repeat each other, to any depth', () => {
    const doubling = fc
      .record({
        depth: fc.integer({ min: 1, max: 60 }),
        width: fc.integer({ min: 1, max: 4 }),
        seed: fc.integer({ min: 1, max: 5000 }),
      })
      .map(({ depth, width, seed }) => {
        const lines = ['extensions = ext', '[vars]', `v0 = ${'A'.repeat(seed)}`];
        for (let level = 1; level <= depth; level++)
          lines.push(
            `v${level} = ${Array(width + 1)
              .fill(`$v${level - 1}`)
              .join('')}`,
          );
        lines.push('[ext]', `subjectAltName = DNS:\${vars::v${depth}}`);
        return lines.join('\n');
      });
    fc.assert(fc.property(doubling, holds), { numRuns: Math.ceil(RUNS / 5) });
  });
});
