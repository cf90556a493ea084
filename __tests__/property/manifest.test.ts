/** The manifest loader over generated and damaged manifests: no exception escapes, every failure is a finding. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Finding } from '../../src/findings.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { mutatedText, RUNS } from './mutate.js';

const FILE = 'aop-certs.yml';
const VALID = `version: 1
zones:
  - zone: example.com
    zone-id: 023e105f4ecef8ad9ca31a8372d0c353
    origin-ca: pki/rootca.crt
    ca-rollover: false
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        private-key:
          env: AOP_KEY_APP
        hostnames: [app.example.com, www.example.com]
      - name: api
        certificate: pki/api/cert.crt
        private-key:
          file: pki/api/cert.key.enc
          passphrase-env: AOP_KEY_PASSPHRASE
        hostnames:
          - &api api.example.com
        ignore: [subject.hostname]
`;

function expectWellFormed(findings: Finding[], text: string): void {
  const lines = text.split('\n').length;
  for (const finding of findings) {
    expect(finding.file).toBe(FILE);
    expect(['error', 'warning', 'notice']).toContain(finding.severity);
    expect(finding.rule).toMatch(/^manifest\.[a-z_]+$/);
    expect(finding.message.length).toBeGreaterThan(0);
    if (finding.line !== undefined) {
      expect(Number.isInteger(finding.line)).toBe(true);
      expect(finding.line).toBeGreaterThanOrEqual(1);
      expect(finding.line).toBeLessThanOrEqual(lines + 1);
    }
  }
}

/** The property: a manifest or at least one error finding, never an exception. */
async function holds(text: string): Promise<void> {
  const parsed = await parseManifest(FILE, text);
  expectWellFormed(parsed.findings, text);
  if (!parsed.manifest) expect(parsed.findings.some((finding) => finding.severity === 'error')).toBe(true);
}

describe('parseManifest, property-based', () => {
  it('the valid manifest parses with no error (the base the mutations start from)', async () => {
    const parsed = await parseManifest(FILE, VALID);
    expect(parsed.manifest).toBeDefined();
    expect(parsed.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('damaged manifests', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(VALID), holds), { numRuns: RUNS * 2 });
  });

  it('any text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 400 }), holds), { numRuns: RUNS });
  });

  it('any YAML value, and any value where the manifest expects a zone or a certificate', async () => {
    const value = fc.anything({ maxDepth: 4, withNullPrototype: false });
    const documents = fc.oneof(
      value.map((data) => stringify(data) ?? ''),
      value.map((data) => stringify({ version: 1, zones: [data] })),
      value.map((data) =>
        stringify({
          version: 1,
          zones: [{ zone: 'example.com', 'origin-ca': 'ca.crt', certificates: [data] }],
        }),
      ),
    );
    await fc.assert(fc.asyncProperty(documents, holds), { numRuns: RUNS });
  });

  it('anchors and aliases nested to any depth and breadth', async () => {
    const bomb = fc
      .record({ depth: fc.integer({ min: 1, max: 12 }), breadth: fc.integer({ min: 1, max: 12 }) })
      .map(({ depth, breadth }) => {
        const lines = ['l0: &l0 [x]'];
        for (let level = 1; level <= depth; level++) {
          lines.push(
            `l${level}: &l${level} [${Array(breadth)
              .fill(`*l${level - 1}`)
              .join(', ')}]`,
          );
        }
        return `${lines.join('\n')}\n${VALID}`;
      });
    await fc.assert(fc.asyncProperty(bomb, holds), { numRuns: Math.ceil(RUNS / 5) });
  });
});
