/**
 * A manifest outside plain YAML (anchors, flow collections, block scalars, …), read by the YAML
 * library: its values and the line of each, or the findings that say why it cannot be read.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Finding } from '../findings.js';
import type { Locate } from './schema-errors.js';

/** The line of a value in the document; for a mapping key, the line of the key itself. */
export function locator(document: Document, lines: LineCounter): Locate {
  return (segments, key) => {
    const last = segments[segments.length - 1];
    const keyName = key ?? (typeof last === 'string' ? last : undefined);
    const parentPath = key === undefined && keyName !== undefined ? segments.slice(0, -1) : segments;
    let node = document.getIn(parentPath, true) as unknown;
    if (keyName !== undefined && isMap(node)) {
      node =
        node.items.find((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === keyName)?.key ??
        node;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
}

/** The document's values and lines, or the findings that stop it being read. */
export function readYamlDocument(
  file: string,
  text: string,
): { value: unknown; locate: Locate } | { findings: Finding[]; locate: Locate } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = locator(document, lines);
  if (document.errors.length > 0) {
    return {
      locate,
      findings: document.errors.map((error) => ({
        severity: 'error',
        rule: 'manifest.yaml',
        file,
        line: lines.linePos(error.pos[0]).line,
        message: `The manifest is not valid YAML: ${error.message.split('\n')[0]}`,
        fix: 'Correct the YAML syntax at this line (indentation, a missing colon, or a duplicate key).',
      })),
    };
  }
  const data = plainData(file, document, lines);
  if ('finding' in data) return { locate, findings: [data.finding] };
  return { value: data.value, locate };
}

/**
 * The document as plain values. The YAML library refuses to expand aliases past a limit (an
 * "alias bomb": a few lines that would expand to billions of nodes); that is the file's problem,
 * so it is a finding at the first alias, not an error of the run.
 */
function plainData(
  file: string,
  document: Document,
  lines: LineCounter,
): { value: unknown } | { finding: Finding } {
  try {
    return { value: document.toJS() as unknown };
  } catch {
    let offset: number | undefined;
    visit(document, {
      Alias(_key, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    return {
      finding: {
        severity: 'error',
        rule: 'manifest.yaml',
        file,
        line: offset === undefined ? 1 : lines.linePos(offset).line,
        message:
          'The manifest uses YAML aliases (`*name`) that expand to too many nodes, so it was not read.',
        fix: 'Write the values out instead of repeating them through anchors (`&name`) and aliases (`*name`).',
      },
    };
  }
}
