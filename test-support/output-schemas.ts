/**
 * Checks a run's outputs against schemas/<output>.schema.json, the contract users build on. The
 * runner calls it after every e2e run, so no test can pass while an output drifts from its schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = path.join(REPO_ROOT, 'schemas');

/** A schema whose top-level type is "string" describes the output's raw text; any other, its JSON. */
interface OutputSchema {
  validate: ValidateFunction;
  raw: boolean;
}

let cache: Map<string, OutputSchema> | undefined;

function outputSchemas(): Map<string, OutputSchema> {
  if (cache) return cache;
  const ajv = new Ajv({ allErrors: true, strict: true });
  // RFC 3339 date-time, the only format the schemas use (the toISOString() form).
  ajv.addFormat('date-time', (value: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value),
  );
  const files = readdirSync(SCHEMAS).filter((file) => file.endsWith('.schema.json'));
  const documents = files.map((file) => ({
    name: file.replace(/\.schema\.json$/, ''),
    schema: JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as { $id: string; type?: unknown },
  }));
  for (const { schema } of documents) ajv.addSchema(schema);
  cache = new Map(
    documents.map(({ name, schema }) => [
      name,
      { validate: ajv.getSchema(schema.$id)!, raw: schema.type === 'string' },
    ]),
  );
  return cache;
}

/** The outputs action.yml declares. */
export function declaredOutputs(): string[] {
  const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    outputs?: Record<string, unknown>;
  };
  return Object.keys(action.outputs ?? {});
}

/** Every way the outputs break their contract, in words; empty when they keep it. */
export function outputProblems(outputs: Record<string, string>): string[] {
  const schemas = outputSchemas();
  const declared = new Set(declaredOutputs());
  const problems: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    if (!declared.has(name)) problems.push(`output "${name}" is not declared in action.yml`);
    const schema = schemas.get(name);
    if (!schema) {
      problems.push(`output "${name}" has no schema: add schemas/${name}.schema.json`);
      continue;
    }
    let value: unknown = text;
    if (!schema.raw) {
      try {
        value = JSON.parse(text);
      } catch {
        problems.push(`output "${name}" is not JSON: ${text.slice(0, 80)}`);
        continue;
      }
    }
    if (!schema.validate(value)) {
      const errors = (schema.validate.errors ?? [])
        .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
        .join('; ');
      problems.push(`output "${name}" does not match schemas/${name}.schema.json: ${errors}`);
    }
  }
  return problems;
}

export function assertOutputsMatchSchemas(outputs: Record<string, string>): void {
  const problems = outputProblems(outputs);
  if (problems.length > 0)
    throw new Error(`The run's outputs break their schemas:\n- ${problems.join('\n- ')}`);
}
