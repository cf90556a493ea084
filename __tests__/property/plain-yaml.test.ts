/**
 * The manifest's fast reader against the YAML library: whenever it reads a text, it gives the
 * library's values and the library's line for every path; whenever the library reports an error,
 * it gives up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { locator } from '../../src/manifest/yaml-document.js';
import { readPlainYaml } from '../../src/manifest/plain-yaml.js';
import { mutatedText, RUNS } from './mutate.js';

type Path = (string | number)[];

/** Every path into `value`, and paths beside them that lead nowhere or through the wrong kind of node. */
function pathsOf(value: unknown, prefix: Path = [], paths: Path[] = []): Path[] {
  paths.push(prefix, [...prefix, 'nope'], [...prefix, 0], [...prefix, '0'], [...prefix, 7]);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], paths));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], paths);
  return paths;
}

/** The property: the fast reader agrees with the library, or leaves the text to it. */
function agrees(text: string): boolean {
  const fast = readPlainYaml(text);
  if (!fast) return false;
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  expect(document.errors.map((error) => error.message)).toEqual([]);
  const value = document.toJS() as unknown;
  expect(fast.value).toEqual(value);
  const locate = locator(document, lines);
  for (const path of pathsOf(value)) {
    expect([path, fast.locate(path)]).toEqual([path, locate(path)]);
    for (const key of ['zone', 'certificates', 'nope'])
      expect([path, key, fast.locate(path, key)]).toEqual([path, key, locate(path, key)]);
  }
  return true;
}

const MANIFEST = `# The certificates of our zones.
---
version: 1
zones:
  - zone: example.com   # the apex
    zone-id: 023e105f4ecef8ad9ca31a8372d0c353
    origin-ca: 'pki/rootca.crt'
    ca-rollover: false

    certificates:
      # first
      -   name: "app"
          certificate: pki/app/cert.crt
          private-key:
            env: AOP_KEY_APP
          hostnames: [ app.example.com,www.example.com ]
      - name: api
        certificate: pki/api/cert.crt
        private-key:
            file: pki/api/cert.key.enc
            passphrase-env: AOP_KEY_PASSPHRASE
        hostnames:
          - api.example.com
          - 'it''s.example.com'
        ignore: []
        origin:
          address: https://203.0.113.7/x,y
          port: 8443
alerts:
  account-id: 01a7362d577a6c3019a474fd6f485823
  email: [ops@example.com]
`;

/** Scalars YAML reads as something else than they look, or not at all. */
const TRICKY = [
  'true',
  'True',
  'yes',
  'null',
  '~',
  '',
  '0',
  '-1',
  '+1',
  '007',
  '0x1F',
  '0o17',
  '1e5',
  '123e4567',
  '1.5',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  'a b',
  'a:b',
  'a: b',
  'a:',
  'x#y',
  'x #y',
  "it's",
  '-a',
  '- a',
  '[a]',
  'a,b',
  '*.example.com',
  '&x',
  '!t',
  '@x',
  '%x',
  '? a',
  'é',
  'a\\b',
  'a"b',
];

const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[a-z0-9.-]{1,12}$/), fc.string());
const quote = fc.constantFrom('plain', 'single', 'double');

function rendered(text: string, style: string): string {
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (style === 'double') return `"${text}"`;
  return text;
}

/** A manifest-shaped document written in varied styles, some of them beyond what the fast reader takes. */
const styled = fc
  .record({
    marker: fc.boolean(),
    indent: fc.integer({ min: 1, max: 4 }),
    dash: fc.constantFrom('- ', '-  ', '-'),
    zones: fc.array(
      fc.record({
        zone: fc.tuple(scalar, quote),
        extra: fc.option(
          fc.tuple(fc.constantFrom('zone-id', 'prune', 'zone', 'true', 'a b', '__proto__'), scalar, quote),
        ),
        comment: fc.constantFrom('', ' # c', '#c', '\n# c', '\n\n'),
        certificates: fc.array(
          fc.record({
            name: fc.tuple(scalar, quote),
            hostnames: fc.array(fc.tuple(scalar, quote), { maxLength: 3 }),
            flow: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ marker, indent, dash, zones }) => {
    const pad = (depth: number) => ' '.repeat(depth * indent);
    const out = [marker ? '---' : '', 'version: 1', 'zones:'];
    for (const zone of zones) {
      out.push(`${pad(1)}${dash}zone: ${rendered(...zone.zone)}${zone.comment}`);
      const inner = pad(1) + ' '.repeat(dash.length);
      if (zone.extra) out.push(`${inner}${zone.extra[0]}: ${rendered(zone.extra[1], zone.extra[2])}`);
      out.push(`${inner}certificates:`);
      for (const certificate of zone.certificates) {
        out.push(`${inner}${pad(1)}- name: ${rendered(...certificate.name)}`);
        const hostnames = certificate.hostnames.map((hostname) => rendered(...hostname));
        if (certificate.flow) out.push(`${inner}${pad(1)}  hostnames: [${hostnames.join(', ')}]`);
        else {
          out.push(`${inner}${pad(1)}  hostnames:`);
          for (const hostname of hostnames) out.push(`${inner}${pad(2)}  - ${hostname}`);
        }
      }
    }
    return out.join('\n');
  });

describe('readPlainYaml against the YAML library', () => {
  it('reads a manifest written in the usual styles, with the same values and lines', () => {
    expect(agrees(MANIFEST)).toBe(true);
    expect(readPlainYaml(MANIFEST)!.locate(['zones', 0, 'certificates', 1, 'hostnames', 1])).toBe(24);
  });

  it('leaves to the library what it does not read itself', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: |\n  text\n',
      'a: b\n  c\n',
      'a:\n',
      'a: 1\na: 2\n',
      'a:\n- b\n',
      'a: !!str 1\n',
      'a: 0x10\n',
      'a: "\\t"\n',
      'a: [b,\n  c]\n',
      'a: b\r\n',
      '%YAML 1.1\n---\na: yes\n',
      'a: 1\n---\nb: 2\n',
    ])
      expect([text, readPlainYaml(text)]).toEqual([text, undefined]);
  });

  it('generated manifests in varied styles', () => {
    fc.assert(
      fc.property(styled, (text) => void agrees(text)),
      { numRuns: RUNS },
    );
  });

  it('damaged manifests', () => {
    fc.assert(
      fc.property(mutatedText(MANIFEST), (text) => void agrees(text)),
      { numRuns: RUNS * 2 },
    );
  });

  it('any value the library writes', () => {
    const value = fc.anything({ maxDepth: 4, withNullPrototype: false });
    fc.assert(
      fc.property(value, (data) => void agrees(stringify({ version: 1, zones: [data] }))),
      { numRuns: RUNS },
    );
  });
});
