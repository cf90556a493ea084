/**
 * A reader for the plain YAML most manifests are written in: block mappings and sequences, one
 * scalar or one-line flow sequence per line, comments. The YAML library builds a syntax tree and a
 * document tree of the whole file before its values, which for a manifest of a thousand
 * certificates costs more time and memory than checking the certificates does. This reader gives
 * the same values and the same lines, or gives up (undefined) at the first thing outside that
 * subset (anchors, tags, block scalars, multi-line scalars, null values, numbers other than plain
 * integers, duplicate keys, anything the library would report as an error...), and the caller then
 * parses the file with the library as before.
 */
import type { Locate } from './schema-errors.js';

/**
 * Where a value starts: a scalar's line, or a collection's line with, for a mapping, each key's
 * name, line and value, and for a sequence each item. Kept for the whole run (findings ask for
 * lines), so in arrays rather than a Map per mapping, which cost several times as much.
 */
type Positioned = number | PositionedMapping | PositionedSequence;

interface PositionedMapping {
  line: number;
  keys: string[];
  keyLines: number[];
  values: Positioned[];
}

interface PositionedSequence {
  line: number;
  items: Positioned[];
}

function lineOf(node: Positioned): number {
  return typeof node === 'number' ? node : node.line;
}

interface Read {
  value: unknown;
  node: Positioned;
}

class OutsideSubset extends Error {}

function giveUp(): never {
  throw new OutsideSubset();
}

/**
 * Characters that make the library read a file differently, or refuse it: tabs, CR, other
 * control characters, a byte order mark, line breaks other than LF.
 */
function hasUnusualCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (
      code < 0x20
        ? code !== 0x0a
        : (code >= 0x7f && code <= 0x9f) || code === 0xfeff || code === 0x2028 || code === 0x2029
    )
      return true;
  }
  return false;
}
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;
/** Keys the core schema reads as something other than a string. */
const NOT_STRING_KEY = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|__proto__)$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
/** The core schema's other numbers (octal, hexadecimal, floats, infinities): left to the library. */
const OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
/** A plain scalar may not start with an indicator; `-`, `?` and `:` are left out even where YAML allows them. */
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;

/** A plain scalar's value under the core schema. */
function resolvePlain(text: string): unknown {
  // Null, booleans and numbers start with one of these; most values (paths, names) do not.
  if (!/^[-+.0-9~nNtTfF]/.test(text) && text !== '') return text;
  if (NULL.test(text) || OTHER_NUMBER.test(text)) giveUp();
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT.test(text)) return parseInt(text, 10);
  return text;
}

interface Line {
  number: number;
  indent: number;
  text: string;
}

class Reader {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  private get current(): Line | undefined {
    return this.lines[this.index];
  }

  document(): Read {
    const first = this.current;
    if (!first || first.indent !== 0) giveUp();
    const read = this.block(0);
    if (this.current) giveUp();
    return read;
  }

  /** The block collection whose first line is the current one, at `indent`. */
  private block(indent: number): Read {
    const line = this.current!;
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, line.text, line.number);
  }

  /** A block mapping at `indent`; its first entry is `first` (which may follow a `- ` on its line). */
  private mapping(indent: number, first: string, firstLine: number): Read {
    const value: Record<string, unknown> = {};
    const node: PositionedMapping = { line: firstLine, keys: [], keyLines: [], values: [] };
    let text = first;
    let lineNumber = firstLine;
    for (;;) {
      const key = KEY.exec(text);
      if (!key || NOT_STRING_KEY.test(key[1]!) || node.keys.includes(key[1]!)) giveUp();
      const rest = text.slice(key[0].length).trimStart();
      this.index += 1;
      let entry: Read;
      if (rest === '' || rest.startsWith('#')) {
        const next = this.current;
        if (!next || next.indent <= indent) giveUp();
        entry = this.block(next.indent);
      } else {
        entry = this.inline(rest, lineNumber);
      }
      value[key[1]!] = entry.value;
      node.keys.push(key[1]!);
      node.keyLines.push(lineNumber);
      node.values.push(entry.node);
      const next = this.current;
      if (!next || next.indent < indent) return { value, node };
      if (next.indent > indent) giveUp();
      text = next.text;
      lineNumber = next.number;
    }
  }

  /** A block sequence at `indent`. */
  private sequence(indent: number): Read {
    const value: unknown[] = [];
    const node: PositionedSequence = { line: this.current!.number, items: [] };
    for (;;) {
      const line = this.current!;
      if (!line.text.startsWith('- ')) giveUp();
      const content = line.text.slice(2).trimStart();
      if (content === '' || content.startsWith('#') || content.startsWith('- ')) giveUp();
      let item: Read;
      if (KEY.test(content)) {
        item = this.mapping(indent + line.text.length - content.length, content, line.number);
      } else {
        this.index += 1;
        item = this.inline(content, line.number);
      }
      value.push(item.value);
      node.items.push(item.node);
      const next = this.current;
      if (!next || next.indent < indent) return { value, node };
      if (next.indent > indent) giveUp();
    }
  }

  /** A value on the rest of a line: a scalar or a flow sequence, then at most a comment. */
  private inline(text: string, line: number): Read {
    let read: Read;
    let rest: string;
    if (text.startsWith('[')) {
      const items: unknown[] = [];
      const nodes: Positioned[] = [];
      rest = text.slice(1).trimStart();
      if (rest.startsWith(']')) rest = rest.slice(1);
      else {
        for (;;) {
          const scalar = this.scalar(rest, true);
          items.push(scalar.value);
          nodes.push(line);
          rest = scalar.rest.trimStart();
          if (rest.startsWith(']')) {
            rest = rest.slice(1);
            break;
          }
          if (!rest.startsWith(',')) giveUp();
          rest = rest.slice(1).trimStart();
        }
      }
      read = { value: items, node: { line, items: nodes } };
    } else {
      const scalar = this.scalar(text, false);
      read = { value: scalar.value, node: line };
      rest = scalar.rest;
    }
    if (rest !== '' && !/^ +(?:#.*)?$/.test(rest)) giveUp();
    return read;
  }

  /** A quoted or plain scalar at the start of `text`, and the text after it. */
  private scalar(text: string, flow: boolean): { value: unknown; rest: string } {
    const quote = text[0];
    if (quote === "'" || quote === '"') {
      let end = 1;
      let value = '';
      for (;;) {
        const close = text.indexOf(quote, end);
        if (close < 0) giveUp();
        value += text.slice(end, close);
        if (quote === "'" && text[close + 1] === "'") {
          value += "'";
          end = close + 2;
          continue;
        }
        if (quote === '"' && value.includes('\\')) giveUp();
        return { value, rest: text.slice(close + 1) };
      }
    }
    if (!PLAIN_START.test(text)) giveUp();
    const comment = text.indexOf(' #');
    let end = comment < 0 ? text.length : comment;
    if (flow) {
      const stop = text.slice(0, end).search(/[,[\]{}]/);
      if (stop >= 0) end = stop;
    }
    const plain = text.slice(0, end).trimEnd();
    // `a: b` inside a value would be a nested mapping, `a:` at its end an error; in a flow sequence
    // a colon has further rules.
    if (/:(?: |$)/.test(plain) || (flow && plain.includes(':'))) giveUp();
    return { value: resolvePlain(plain), rest: text.slice(plain.length) };
  }
}

/** The content lines of the file: not blank, not only a comment. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  let seenContent = false;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end < 0 ? text.length : end);
    const body = raw.trimStart();
    if (body !== '' && !body.startsWith('#')) {
      const indent = raw.length - body.length;
      if (indent === 0 && /^(?:---|\.\.\.)(?:[ ]|$)/.test(body)) {
        // One document-start marker before any content, alone on its line, is allowed.
        if (seenContent || !/^--- *(?:#.*)?$/.test(body)) giveUp();
      } else if (indent === 0 && body.startsWith('%')) {
        giveUp();
      } else {
        lines.push({ number, indent, text: body.trimEnd() });
      }
      seenContent = true;
    }
    if (end < 0) break;
    start = end + 1;
    number += 1;
  }
  return lines;
}

/** `node` at `path`, as the YAML library's `getIn` finds it. */
function nodeAt(root: Positioned, path: readonly (string | number)[]): Positioned | undefined {
  let node: Positioned | undefined = root;
  for (const segment of path) {
    if (node === undefined || typeof node === 'number') return undefined;
    if ('keys' in node) {
      const at: number = typeof segment === 'string' ? node.keys.indexOf(segment) : -1;
      node = at < 0 ? undefined : node.values[at];
    } else {
      const index = typeof segment === 'string' && segment !== '' ? Number(segment) : segment;
      node =
        typeof index === 'number' && Number.isInteger(index) && index >= 0 ? node.items[index] : undefined;
    }
  }
  return node;
}

/** The manifest's values and a locator giving the lines the YAML library would; undefined outside the subset. */
export function readPlainYaml(text: string): { value: unknown; locate: Locate } | undefined {
  if (hasUnusualCharacters(text)) return undefined;
  let read: Read;
  try {
    read = new Reader(contentLines(text)).document();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
  const root = read.node;
  const locate: Locate = (segments, key) => {
    const last = segments[segments.length - 1];
    const keyName = key ?? (typeof last === 'string' ? last : undefined);
    const parentPath = key === undefined && keyName !== undefined ? segments.slice(0, -1) : segments;
    const node = nodeAt(root, parentPath);
    if (node === undefined) return undefined;
    if (keyName !== undefined && typeof node !== 'number' && 'keys' in node) {
      const at = node.keys.indexOf(keyName);
      if (at >= 0) return node.keyLines[at];
    }
    return lineOf(node);
  };
  return { value: read.value, locate };
}
