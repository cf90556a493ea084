/** The origin-ca file: every block is judged on its own, so one broken block does not hide the others. */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCaBundle } from '../../src/pki/index.js';
import { makeCA, makeLeaf, type Issued } from '../../test-support/pki.js';
import { bytesOf, CA_PATH, check, summary } from './support.js';

let ca: Issued;
let leaf: Issued;
/** A PEM block whose base64 is damaged (a character no base64 has), as a bad paste leaves it. */
let damaged: string;
/** A PEM block that decodes, but to something that is not a certificate. */
let notACertificate: string;

beforeAll(async () => {
  ca = await makeCA();
  leaf = await makeLeaf(ca);
  damaged = (await makeCA({ cn: 'Other CA' })).certPem.replace(/\n([A-Za-z0-9+/]{8})/, '\n!$1');
  notACertificate = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate at all!').toString('base64')}\n-----END CERTIFICATE-----\n`;
});

/** The 1-based line of the `index`-th BEGIN line. */
function lineOfBlock(text: string, index: number): number | undefined {
  const begins = text.split('\n').flatMap((line, i) => (line.startsWith('-----BEGIN') ? [i + 1] : []));
  return begins[index];
}

describe('an origin-ca with an unreadable block', () => {
  it.each([
    ['damaged base64', () => damaged, 'input.single_cert'],
    ['not a certificate', () => notACertificate, 'ca.decode'],
  ])(
    '%s beside a good CA: a finding at the block, and the good CA still judges the leaf',
    async (_label, block, rule) => {
      const text = ca.certPem + block();
      const bundle = decodeCaBundle({ path: CA_PATH, bytes: bytesOf(text) }, { zone: 'example.com' });
      expect(bundle.certs).toHaveLength(1);
      expect(bundle.findings).toEqual([
        expect.objectContaining({ rule, severity: 'error', file: CA_PATH, line: lineOfBlock(text, 1) }),
      ]);
      const result = await check(leaf, text);
      expect(summary(result.findings)).toEqual([]);
      expect(result.facts?.issuedByOriginCa).toBe(true);
    },
  );

  it('alone: a finding at the block; the leaf says its issuance cannot be checked', async () => {
    const bundle = decodeCaBundle({ path: CA_PATH, bytes: bytesOf(damaged) });
    expect(bundle.certs).toEqual([]);
    expect(summary(bundle.findings)).toEqual(['input.single_cert:error']);
    expect(bundle.findings[0]?.line).toBe(1);
    const result = await check(leaf, damaged);
    expect(result.findings.map((found) => found.message)).toEqual([
      expect.stringContaining('Issuance cannot be checked'),
    ]);
  });

  it('a block with no END line is reported at its BEGIN line', () => {
    const text = ca.certPem + ca.certPem.split('\n').slice(0, 4).join('\n');
    const bundle = decodeCaBundle({ path: CA_PATH, bytes: bytesOf(text) });
    expect(bundle.certs).toHaveLength(1);
    expect(bundle.findings).toEqual([
      expect.objectContaining({ rule: 'input.single_cert', line: lineOfBlock(text, 1) }),
    ]);
  });
});
