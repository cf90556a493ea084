/** The output schemas as a contract: one per declared output, resolvable $ids, and they reject what breaks them. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredOutputs, outputProblems } from '../../test-support/output-schemas.js';
import { REPO_ROOT } from '../../test-support/runner.js';

const SCHEMAS = path.join(REPO_ROOT, 'schemas');
const RELEASE_BASE = 'https://raw.githubusercontent.com/aop-certs/aop-certs/v1/schemas/';
const readJson = (file: string) =>
  JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as Record<string, unknown>;

describe('output schemas', () => {
  it('every output action.yml declares has a schema', () => {
    const missing = declaredOutputs().filter((name) => !readdirSync(SCHEMAS).includes(`${name}.schema.json`));
    expect(missing).toEqual([]);
  });

  it("every schema's $id is its raw URL at the v1 release tag", () => {
    for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json')))
      expect(readJson(file).$id, file).toBe(`${RELEASE_BASE}${file}`);
  });

  it('accepts outputs as the action writes them', () => {
    expect(
      outputProblems({
        errors: '2',
        warnings: '0',
        'expiring-count': '1',
        'comment-url': 'https://github.com/acme/edge/pull/7#issuecomment-12',
        'issue-number': '',
        'issue-url': '',
        uploaded: '["a1b2"]',
        plan: 'null',
        findings: JSON.stringify([
          { severity: 'error', rule: 'leaf.not_ca', file: 'pki/a.crt', line: 1, message: 'm', fix: null },
        ]),
      }),
    ).toEqual([]);
  });

  it('names each output that breaks its schema, and outputs nobody declared', () => {
    const problems = outputProblems({
      errors: 'two',
      'issue-number': '0',
      'comment-url': 'not a url',
      findings: JSON.stringify([{ severity: 'fatal', rule: 'x', file: null, line: 0, message: 'm' }]),
      certificates: '{not json',
      surprise: '1',
    });
    expect(problems.map((problem) => problem.match(/^output "([^"]+)"/)![1])).toEqual([
      'errors',
      'issue-number',
      'comment-url',
      'findings',
      'certificates',
      'surprise',
      'surprise',
    ]);
    expect(problems.find((problem) => problem.includes('"findings"'))).toMatch(/\/0\/severity/);
  });
});

describe('schema catalogue entry', () => {
  it('offers the manifest schema under its $id, for the manifest file name', () => {
    const catalog = readJson('catalog.json') as { schemas: { url: string; fileMatch: string[] }[] };
    expect(catalog.schemas).toHaveLength(1);
    expect(catalog.schemas[0]!.url).toBe(readJson('manifest.schema.json').$id);
    expect(catalog.schemas[0]!.fileMatch).toContain('aop-certs.yml');
  });
});
