/**
 * The README's reference sections, generated: the inputs and outputs tables from action.yml and
 * the manifest reference from schemas/manifest.schema.json. Each lives between
 * `<!-- generated:NAME -->` and `<!-- end generated:NAME -->` in README.md; `npm run docs`
 * rewrites them and a unit test fails when the committed README differs from what this makes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const ROOT = new URL('../', import.meta.url);
export const README = new URL('README.md', ROOT);

interface ActionMetadata {
  inputs?: Record<string, { description?: string; default?: unknown; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

/** A JSON Schema node, as loosely as the generator must read one written by anybody. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  definitions?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
}

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function inputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const value = spec.default === undefined ? '' : String(spec.default);
    const fallback = spec.required ? '(required)' : value === '' ? '(empty)' : code(value);
    return `| ${code(name)} | ${cell(fallback)} | ${cell(spec.description ?? '')} |`;
  });
  return ['| input | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| ${code(name)} | ${cell(spec.description ?? '')} |`,
  );
  return ['| output | content |', '| --- | --- |', ...rows].join('\n');
}

interface ManifestRow {
  key: string;
  type: string;
  required: string;
  description: string;
}

/** Names for the shared definitions a reader knows by their meaning rather than their shape. */
const DEFINITION_NAMES: Record<string, string> = {
  path: 'path',
  hostname: 'hostname',
  envName: 'variable name',
};

class ManifestReference {
  readonly rows: ManifestRow[] = [];

  constructor(private readonly root: SchemaNode) {}

  private definitionName(ref: string): string {
    return ref.split('/').pop() ?? ref;
  }

  private resolve(node: SchemaNode, seen: Set<string> = new Set()): SchemaNode {
    if (!node.$ref) return node;
    if (!node.$ref.startsWith('#/') || seen.has(node.$ref)) return { ...node, $ref: undefined };
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], this.root);
    const { $ref: _ref, ...own } = node;
    // The referring node's own description wins over the definition's.
    const resolved = { ...(target as SchemaNode), ...own };
    return this.resolve(resolved, new Set([...seen, node.$ref]));
  }

  private typeOf(node: SchemaNode): string {
    if (node.$ref) {
      const name = this.definitionName(node.$ref);
      const resolved = this.resolve(node);
      if (DEFINITION_NAMES[name]) return DEFINITION_NAMES[name];
      const forms = resolved.oneOf ?? resolved.anyOf;
      if (forms) return `mapping (one of ${forms.length} forms)`;
      // A lower-case definition name says what the mapping is (`zone`, `certificate`).
      if (resolved.properties) return /^[a-z][a-z-]*$/.test(name) ? name : 'mapping';
      return this.typeOf({ ...resolved, $ref: undefined });
    }
    if (node.const !== undefined) return code(JSON.stringify(node.const));
    if (node.enum) return node.enum.map((value) => code(String(value))).join(' \\| ');
    const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
    if (types.includes('array') && node.items) return `list of ${this.typeOf(node.items)}`;
    if (types.includes('object') || node.properties) return 'mapping';
    if (node.oneOf || node.anyOf) return 'one of the forms below';
    const words: Record<string, string> = {
      string: 'string',
      integer: 'integer',
      number: 'number',
      boolean: '`true` \\| `false`',
      null: 'null',
    };
    if (types.length === 0) return 'any';
    const described = types.map((type) => words[type] ?? type).join(' or ');
    if (node.pattern === '^[0-9a-f]{32}$') return `${described} (32 hex)`;
    if (node.minimum !== undefined || node.maximum !== undefined)
      return `${described} (${node.minimum ?? ''}…${node.maximum ?? ''})`;
    return described;
  }

  walk(node: SchemaNode, prefix: string, depth = 0): void {
    if (depth > 8) return;
    const resolved = this.resolve(node);
    for (const part of resolved.allOf ?? []) this.walk(part, prefix, depth + 1);
    const required = new Set(resolved.required ?? []);
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name;
      this.add(key, child, required.has(name) ? 'yes' : '');
      this.descend(child, key, depth);
    }
    const alternatives = resolved.oneOf ?? resolved.anyOf ?? [];
    alternatives.forEach((alternative, index) => {
      const form = this.resolve(alternative);
      const formRequired = new Set(form.required ?? []);
      for (const [name, child] of Object.entries(form.properties ?? {})) {
        const key = `${prefix}.${name}`;
        if (this.rows.some((row) => row.key === code(key))) continue;
        const which = alternatives.length > 1 ? `form ${index + 1}` : 'yes';
        this.add(key, child, formRequired.has(name) ? which : '');
        this.descend(child, key, depth);
      }
    });
  }

  private descend(child: SchemaNode, key: string, depth: number): void {
    const resolved = this.resolve(child);
    const items = resolved.items ? this.resolve(resolved.items) : undefined;
    if (items && (items.properties || items.oneOf || items.anyOf || items.allOf))
      this.walk(items, `${key}[]`, depth + 1);
    else if (resolved.properties || resolved.oneOf || resolved.anyOf || resolved.allOf)
      this.walk(resolved, key, depth + 1);
  }

  private add(key: string, node: SchemaNode, required: string): void {
    const resolved = this.resolve(node);
    const description = [
      resolved.description ?? '',
      resolved.default !== undefined ? `Default ${code(JSON.stringify(resolved.default))}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    this.rows.push({ key: code(key), type: this.typeOf(node), required, description: cell(description) });
  }
}

export function manifestReference(schema: SchemaNode): string {
  const reference = new ManifestReference(schema);
  reference.walk(schema, '');
  const rows = reference.rows.map(
    (row) => `| ${row.key} | ${row.type} | ${row.required} | ${row.description} |`,
  );
  return ['| key | type | required | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export type Sections = Record<string, string>;

export function sectionsFrom(actionYaml: string, manifestSchema: string): Sections {
  const action = parse(actionYaml) as ActionMetadata;
  return {
    inputs: inputsTable(action),
    outputs: outputsTable(action),
    manifest: manifestReference(JSON.parse(manifestSchema) as SchemaNode),
  };
}

/** README with every marked section replaced; a marker with no section made for it is an error. */
export async function renderReadme(readme: string, sections: Sections): Promise<string> {
  const pattern = /(<!-- generated:([\w-]+)[^>]*-->)[\s\S]*?(<!-- end generated:\2 -->)/g;
  const seen = new Set<string>();
  const replaced = readme.replace(pattern, (_whole, open: string, name: string, close: string) => {
    const section = sections[name];
    if (section === undefined) throw new Error(`README.md marks a section "${name}" that nothing generates.`);
    seen.add(name);
    return `${open}\n\n${section}\n\n${close}`;
  });
  const missing = Object.keys(sections).filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new Error(
      `README.md has no place for ${missing.join(', ')}: add <!-- generated:NAME --> and <!-- end generated:NAME --> lines.`,
    );
  }
  // Prettier aligns the tables; formatting here keeps `npm run lint` and the drift test in agreement.
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(replaced, { ...options, parser: 'markdown' });
}

export async function generatedReadme(): Promise<{ current: string; generated: string }> {
  const [current, actionYaml, schema] = await Promise.all([
    readFile(README, 'utf8'),
    readFile(new URL('action.yml', ROOT), 'utf8'),
    readFile(new URL('schemas/manifest.schema.json', ROOT), 'utf8'),
  ]);
  return { current, generated: await renderReadme(current, sectionsFrom(actionYaml, schema)) };
}

/** `npm run docs`: rewrites README.md's generated sections. */
export async function writeReadme(): Promise<void> {
  const { current, generated } = await generatedReadme();
  if (generated !== current) await writeFile(README, generated);
  console.log(generated === current ? 'README.md is current.' : 'README.md sections regenerated.');
}
