/**
 * The subset of OpenSSL's NCONF syntax (config(5), crypto/conf/conf_def.c) that `-extfile` reads:
 * sections, `name = value`, `#` comments, quotes and `\` escapes, `\` line continuation, and
 * `$var`, `${var}`, `$(var)`, `$section::var`, `$ENV::NAME` expanded when the line is read.
 */
import type { Finding } from '../../findings.js';
import { finding, quoted } from './rules.js';

export const DEFAULT_SECTION = 'default';

export interface ConfEntry {
  name: string;
  value: string;
  /** 1-based line where the (possibly continued) entry starts. */
  line: number;
  /** Set when a variable in the value could not be expanded (already reported). */
  unresolved?: boolean;
}

export interface ConfFile {
  /** Entries per section in OpenSSL's order: a re-set key moves to where it was last set. */
  sections: Map<string, ConfEntry[]>;
  /** Line of each section's first `[header]`; the default section has none. */
  headerLines: Map<string, number>;
  findings: Finding[];
}

/** OpenSSL's MAX_CONF_VALUE_LENGTH: a value longer than this after expansion is refused. */
const MAX_VALUE_LENGTH = 65536;

const NAME_CHAR = /[A-Za-z0-9_!%&*+,\-./;?@^~|]/;
const VARIABLE_CHAR = /[A-Za-z0-9_]/;
const ESCAPES: Record<string, string> = { r: '\r', n: '\n', b: '\b', t: '\t' };

interface LogicalLine {
  text: string;
  line: number;
}

function logicalLines(text: string): LogicalLine[] {
  const physical = text.replace(/^\uFEFF/, '').split('\n');
  const lines: LogicalLine[] = [];
  let pending: LogicalLine | null = null;
  physical.forEach((raw, index) => {
    const content = raw.replace(/\r$/, '');
    const joined: LogicalLine = pending
      ? { text: pending.text + content, line: pending.line }
      : { text: content, line: index + 1 };
    // A trailing `\` continues the line, unless it is itself escaped (`\\`).
    if (joined.text.endsWith('\\') && !joined.text.endsWith('\\\\')) {
      pending = { text: joined.text.slice(0, -1), line: joined.line };
    } else {
      pending = null;
      lines.push(joined);
    }
  });
  if (pending) lines.push(pending);
  return lines;
}

/** Cuts a `#` comment that is outside quotes and not escaped. `;` is not a comment. */
function withoutComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
    } else if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#') {
      return text.slice(0, i);
    }
  }
  return text;
}

function readName(text: string, start: number): number {
  let end = start;
  while (end < text.length && NAME_CHAR.test(text[end]!)) end++;
  return end;
}

class ConfBuilder {
  readonly sections = new Map<string, ConfEntry[]>([[DEFAULT_SECTION, []]]);
  readonly headerLines = new Map<string, number>();
  readonly findings: Finding[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  section(name: string): ConfEntry[] {
    let entries = this.sections.get(name);
    if (!entries) {
      entries = [];
      this.sections.set(name, entries);
    }
    return entries;
  }

  lookup(section: string, name: string): Pick<ConfEntry, 'value' | 'unresolved'> | undefined {
    const found = this.sections.get(section)?.find((entry) => entry.name === name);
    if (found) return found;
    if (section === 'ENV' && this.env[name] !== undefined) return { value: this.env[name] };
    return this.sections.get(DEFAULT_SECTION)?.find((entry) => entry.name === name);
  }

  set(section: string, entry: ConfEntry): void {
    const entries = this.section(section);
    const previous = entries.findIndex((existing) => existing.name === entry.name);
    if (previous >= 0) {
      const first = entries[previous]!;
      this.findings.push(
        finding(
          'extfile.duplicate_key',
          entry.line,
          `${quoted(entry.name)} in section ${quoted(section)} is set again on line ${entry.line} (also on line ${first.line}): openssl silently keeps only the value on line ${entry.line}.`,
          `Delete the entry you do not want, or give each its own key (for SAN entries: \`DNS.1\`, \`DNS.2\`, …).`,
        ),
      );
      entries.splice(previous, 1);
    }
    entries.push(entry);
  }

  /** OpenSSL's str_copy: unquote, unescape and expand variables; undefined or unclosed ones are errors. */
  expand(value: string, section: string, line: number): string | null {
    let out = '';
    for (let i = 0; i < value.length; i++) {
      const char = value[i]!;
      if (char === '"' || char === "'") {
        for (i++; i < value.length && value[i] !== char; i++) {
          if (value[i] === '\\' && i + 1 < value.length) i++;
          out += value[i];
        }
      } else if (char === '\\') {
        if (i + 1 >= value.length) break;
        const next = value[++i]!;
        out += ESCAPES[next] ?? next;
      } else if (char === '$') {
        const expansion = this.variable(value, i, section, line);
        if (!expansion) return null;
        // OpenSSL counts what is expanded so far, the rest of the raw value and a terminating NUL;
        // checked before the text grows, so that doubling variables cannot exhaust memory.
        if (out.length + expansion.text.length + value.length - expansion.end + 1 > MAX_VALUE_LENGTH) {
          this.findings.push(
            finding(
              'extfile.parse',
              line,
              `The value on line ${line} expands to ${MAX_VALUE_LENGTH} characters or more, which openssl refuses ("variable expansion too long").`,
              'Write the value out in full, or use variables that do not repeat each other.',
            ),
          );
          return null;
        }
        out += expansion.text;
        i = expansion.end - 1;
      } else {
        out += char;
      }
    }
    return out;
  }

  private variable(
    value: string,
    dollar: number,
    section: string,
    line: number,
  ): { text: string; end: number } | null {
    const close = value[dollar + 1] === '{' ? '}' : value[dollar + 1] === '(' ? ')' : null;
    let cursor = dollar + (close ? 2 : 1);
    const readVariable = (): string => {
      const start = cursor;
      while (cursor < value.length && VARIABLE_CHAR.test(value[cursor]!)) cursor++;
      return value.slice(start, cursor);
    };
    let scope = section;
    let name = readVariable();
    if (value.startsWith('::', cursor)) {
      scope = name;
      cursor += 2;
      name = readVariable();
    }
    const reference = scope === section ? name : `${scope}::${name}`;
    if (close) {
      if (value[cursor] !== close) {
        this.findings.push(
          finding(
            'extfile.parse',
            line,
            `A variable reference on line ${line} has no closing \`${close}\`.`,
            `Write it as \`\${section::name}\`, or escape a literal dollar sign as \`\\$\`.`,
          ),
        );
        return null;
      }
      cursor++;
    }
    const found = this.lookup(scope, name);
    // A variable whose own value was refused is already reported: one root cause, one finding.
    if (found?.unresolved) return null;
    const text = found?.value;
    if (text === undefined) {
      const where =
        scope === 'ENV'
          ? `the environment variable ${quoted(name)} is not set`
          : `${quoted(reference || '$')} is not defined before this line`;
      this.findings.push(
        finding(
          'extfile.parse',
          line,
          `Line ${line} uses a variable that has no value: ${where} (openssl: "variable has no value").`,
          scope === 'ENV'
            ? `Set ${quoted(name)} where the certificate is signed, or write the value itself.`
            : `Define it in another section above this line (e.g. \`[vars]\` then \`${name || 'name'} = …\`, used as \`\${vars::${name || 'name'}}\`), or escape a literal dollar sign as \`\\$\`.`,
        ),
      );
      return null;
    }
    return { text, end: cursor };
  }
}

export function parseConf(text: string, env: Record<string, string | undefined> = {}): ConfFile {
  const conf = new ConfBuilder(env);
  let section = DEFAULT_SECTION;
  for (const { text: raw, line } of logicalLines(text)) {
    const content = withoutComment(raw).trim();
    if (content === '') continue;
    if (content.startsWith('[')) {
      const name = parseHeader(content);
      if (name === null) {
        conf.findings.push(
          finding(
            'extfile.parse',
            line,
            `The section header on line ${line} is malformed.`,
            'Write a section header as `[section_name]` (letters, digits, `_`, `.`, `-`).',
          ),
        );
        continue;
      }
      section = name;
      conf.section(name);
      if (!conf.headerLines.has(name)) conf.headerLines.set(name, line);
      continue;
    }
    parseAssignment(conf, content, section, line);
  }
  return { sections: conf.sections, headerLines: conf.headerLines, findings: conf.findings };
}

function parseHeader(content: string): string | null {
  const match = /^\[\s*([^\s\]]*)\s*\]/.exec(content);
  const name = match?.[1];
  if (!name || readName(name, 0) !== name.length) return null;
  return name;
}

function parseAssignment(conf: ConfBuilder, content: string, section: string, line: number): void {
  let target = section;
  let nameEnd = readName(content, 0);
  let name = content.slice(0, nameEnd);
  if (content.startsWith('::', nameEnd)) {
    target = name;
    const start = nameEnd + 2;
    nameEnd = readName(content, start);
    name = content.slice(start, nameEnd);
  }
  if (name === '.include' || name === '.pragma') {
    conf.findings.push(
      finding(
        'extfile.unsupported_directive',
        line,
        `Line ${line} is a \`${name}\` directive, which this check cannot follow.`,
        'Put every extension and variable in this one file, without directives.',
      ),
    );
    return;
  }
  const rest = content.slice(nameEnd).trimStart();
  if (name === '' || !rest.startsWith('=')) {
    conf.findings.push(
      finding(
        'extfile.parse',
        line,
        name === ''
          ? `Line ${line} is not a \`name = value\` entry.`
          : `Line ${line} has no \`=\` after ${quoted(name)} (openssl: "missing equal sign").`,
        'Write `name = value`; a name is letters, digits and `_ . -` without spaces.',
      ),
    );
    return;
  }
  const value = conf.expand(rest.slice(1).trim(), section, line);
  // Kept even when unresolved, so the section is not mistaken for empty; the error is already reported.
  conf.set(target, value === null ? { name, value: '', line, unresolved: true } : { name, value, line });
}
