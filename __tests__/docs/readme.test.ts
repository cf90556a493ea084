/** README.md's generated sections: current with action.yml and the manifest schema, and robust to what others add. */
import { describe, expect, it } from 'vitest';
import { generatedReadme, manifestReference, renderReadme, sectionsFrom } from '../../scripts/readme.js';

describe('README.md', () => {
  it('has the inputs, outputs and manifest reference that action.yml and the schema give (else: npm run docs)', async () => {
    const { current, generated } = await generatedReadme();
    expect(current, 'README.md is stale: run `npm run docs` and commit it').toBe(generated);
  });

  it('keeps the two set-up commands for contributors', async () => {
    const { current } = await generatedReadme();
    expect(current).toContain('npm ci && npm run demo');
    expect(current).toContain('npm ci && npm test');
  });
});

const ACTION = `
inputs:
  new-input:
    description: 'Something | with a pipe'
    default: 'x'
  must:
    description: 'Needed.'
    required: true
outputs:
  new-output:
    description: "JSON array of \`things\`."
`;

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['zones'],
  properties: {
    zones: { type: 'array', items: { $ref: '#/definitions/zone' } },
    alerts: {
      description: 'Where to send alerts.',
      type: 'object',
      properties: {
        webhooks: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' } } } },
        mode: { enum: ['off', 'warn'], default: 'warn' },
      },
    },
  },
  definitions: {
    zone: {
      type: 'object',
      allOf: [{ properties: { prune: { type: 'boolean' } } }],
      properties: {
        origin: { anyOf: [{ type: 'object', properties: { port: { type: 'integer', minimum: 1 } } }] },
      },
    },
  },
});

describe('the generator', () => {
  it('lists every input with its default, and every output', () => {
    const sections = sectionsFrom(ACTION, SCHEMA);
    expect(sections.inputs).toContain('| `new-input` | `x` | Something \\| with a pipe |');
    expect(sections.inputs).toContain('| `must` | (required) | Needed. |');
    expect(sections.outputs).toContain('| `new-output` | JSON array of `things`. |');
  });

  it('walks nested mappings, lists of mappings, allOf, anyOf, enums and defaults', () => {
    const keys = manifestReference(JSON.parse(SCHEMA))
      .split('\n')
      .slice(2)
      .map((row) => row.split(' | ')[0]!.replace(/^\| /, ''));
    expect(keys).toEqual([
      '`zones`',
      '`zones[].prune`',
      '`zones[].origin`',
      '`zones[].origin.port`',
      '`alerts`',
      '`alerts.webhooks`',
      '`alerts.webhooks[].url`',
      '`alerts.mode`',
    ]);
    expect(manifestReference(JSON.parse(SCHEMA))).toContain(
      '| `alerts.mode` | `off` \\| `warn` |  | Default `"warn"`. |',
    );
  });

  it('refuses a README without a place for a section, and a marker nothing fills', async () => {
    const sections = sectionsFrom(ACTION, SCHEMA);
    await expect(renderReadme('# x\n', sections)).rejects.toThrow(/no place for inputs, outputs, manifest/);
    const marked = ['inputs', 'outputs', 'manifest', 'extra']
      .map((name) => `<!-- generated:${name} -->\n<!-- end generated:${name} -->`)
      .join('\n\n');
    await expect(renderReadme(marked, sections)).rejects.toThrow(/section "extra" that nothing generates/);
  });

  it('replaces only between the markers, and is stable when run again', async () => {
    const sections = sectionsFrom(ACTION, SCHEMA);
    const readme = ['inputs', 'outputs', 'manifest']
      .map(
        (name) =>
          `## ${name}\n\n<!-- generated:${name} -->\nstale\n<!-- end generated:${name} -->\n\nkept ${name}\n`,
      )
      .join('\n');
    const once = await renderReadme(readme, sections);
    expect(once).not.toContain('stale');
    expect(once).toContain('kept manifest');
    expect(await renderReadme(once, sections)).toBe(once);
  });
});
