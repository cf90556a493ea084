/**
 * Turns one entry of the extension section into a typed extension, accepting and rejecting what
 * OpenSSL 3.0's v3_conf.c accepts and rejects: `critical,`, `DER:`/`ASN1:` forms, extension names,
 * and `name:value` lists or `@section` references.
 */
import type { Finding } from '../../findings.js';
import type { ConfEntry } from './conf.js';
import { parseList, type ListItem } from './list.js';
import { EXTENSION_OIDS, isNumericOid, sameButCase } from './names.js';
import { renderLine } from './render.js';
import { finding, quoted } from './rules.js';
import type { DeclaredExtension } from './types.js';
import { interpretValue, type Mode, type Report, type Sections } from './values.js';

const LIST_KINDS = new Set([
  'basicConstraints',
  'keyUsage',
  'extendedKeyUsage',
  'subjectAltName',
  'authorityKeyIdentifier',
]);

export interface Interpretation {
  extension?: DeclaredExtension;
  findings: Finding[];
}

export function interpretEntry(entry: ConfEntry, sections: Sections): Interpretation {
  const strict: Mode = { lenient: false, problems: [] };
  const extension = interpret(entry, sections, strict);
  if (strict.problems.length === 0 && extension) return { extension, findings: [] };

  const lenient = interpret(entry, sections, { lenient: true, problems: [] });
  const corrected = lenient && renderLine(lenient.name, lenient.critical, lenient.value);
  return {
    findings: strict.problems.map((problem) =>
      finding(
        'extfile.parse',
        problem.line,
        problem.message,
        corrected && problem.line === entry.line
          ? `Write \`${corrected}\` on line ${entry.line}.`
          : problem.fix,
      ),
    ),
  };
}

function interpret(entry: ConfEntry, sections: Sections, mode: Mode): DeclaredExtension | undefined {
  const problem = (message: string, fix: string, line = entry.line): undefined => {
    mode.problems.push({ line, message, fix });
    return undefined;
  };
  let text = entry.value;
  let critical = false;
  if (text.startsWith('critical,')) {
    critical = true;
    text = text.slice('critical,'.length).trimStart();
  } else if (/^critical\s*(,|$)/i.test(text)) {
    problem(
      `Line ${entry.line} marks ${quoted(entry.name)} critical in a form openssl does not read: it must be \`critical,\` in lower case, directly followed by the comma.`,
      `Start the value with \`critical,\`.`,
    );
    if (!mode.lenient) return undefined;
    critical = true;
    text = text.replace(/^critical\s*,?\s*/i, '');
  }

  // `;` is no comment to OpenSSL, but it is what the writer meant.
  if (mode.lenient) text = text.replace(/\s*;.*$/, '');

  const generic = /^(DER|ASN1):\s*/.exec(text);
  if (generic) return interpretGeneric(entry, critical, generic[1]!, text.slice(generic[0].length), problem);

  let name = entry.name;
  if (!(name in EXTENSION_OIDS)) {
    const fixed = sameButCase(name, Object.keys(EXTENSION_OIDS));
    if (fixed && mode.lenient) {
      name = fixed;
    } else {
      return problem(
        fixed
          ? `Line ${entry.line} names the extension ${quoted(entry.name)}, which openssl does not know: extension names are case-sensitive.`
          : `Line ${entry.line} names ${quoted(entry.name)}, which is not an extension openssl knows ("unknown extension name"); every entry of the extension section is read as an extension.`,
        fixed
          ? `Write \`${fixed}\`.`
          : `Use an extension name such as \`basicConstraints\`, \`keyUsage\`, \`extendedKeyUsage\` or \`subjectAltName\`; a variable belongs in another section (e.g. \`[vars]\`), used as \`\${vars::${/^\w+$/.test(entry.name) ? entry.name : 'name'}}\`.`,
      );
    }
  }
  const oid = EXTENSION_OIDS[name]!;

  let items: ListItem[] = [];
  if (LIST_KINDS.has(name)) {
    const listed = listItems(entry, text, sections, mode, problem);
    if (!listed) return undefined;
    items = listed.items;
    if (listed.critical) critical = true;
  }

  const value = interpretValue(name, text, entry.line, items, sections, mode, problem);
  return value && { name, oid, critical, line: entry.line, value };
}

function interpretGeneric(
  entry: ConfEntry,
  critical: boolean,
  form: string,
  body: string,
  problem: Report,
): DeclaredExtension | undefined {
  const oid = EXTENSION_OIDS[entry.name] ?? (isNumericOid(entry.name) ? entry.name : undefined);
  if (!oid) {
    return problem(
      `Line ${entry.line} gives a ${form}: value to ${quoted(entry.name)}, which is neither an extension name nor a numeric OID.`,
      'Write the extension as its dotted OID, e.g. `1.3.6.1.4.1.99999.1 = DER:05:00`.',
    );
  }
  if (form === 'ASN1')
    return { name: entry.name, oid, critical, line: entry.line, value: { kind: 'opaque' } };
  const hex = body.replace(/:/g, '');
  if (!/^([0-9A-Fa-f]{2})+$/.test(hex) || /::|^:|:$/.test(body)) {
    return problem(
      `The DER: value on line ${entry.line} is not hex bytes.`,
      'Write the bytes as hex pairs, optionally separated by `:` (e.g. `DER:30:03:01:01:FF`).',
    );
  }
  return {
    name: entry.name,
    oid,
    critical,
    line: entry.line,
    value: { kind: 'der', hex: hex.toLowerCase() },
  };
}

function listItems(
  entry: ConfEntry,
  text: string,
  sections: Sections,
  mode: Mode,
  problem: Report,
): { items: ListItem[]; critical: boolean } | undefined {
  let items: ListItem[];
  if (text.startsWith('@')) {
    const sectionName = text.slice(1).trim();
    const section = sections.get(sectionName);
    if (!section || section.length === 0) {
      return problem(
        `Line ${entry.line} refers to the section ${quoted(`[${sectionName}]`)}, which ${section ? 'is empty' : 'does not exist'} (openssl: "invalid extension string").`,
        `Add a \`[${sectionName}]\` section with its entries (e.g. \`DNS.1 = app.example.com\`), or write the values inline.`,
      );
    }
    items = section.map(({ name, value, line }) => ({ name, value, line }));
  } else {
    const parsed = parseList(text, entry.line);
    if ('emptyItem' in parsed) {
      if (!mode.lenient) {
        return problem(
          `The value of ${quoted(entry.name)} on line ${entry.line} has an empty item: a trailing, leading or doubled comma, or a \`:\` with nothing after it (openssl: "invalid empty name").`,
          'Remove the extra comma.',
        );
      }
      const cleaned = text
        .split(',')
        .filter((part) => part.trim() !== '' && !part.trim().endsWith(':'))
        .join(',');
      const retry = parseList(cleaned, entry.line);
      items = 'items' in retry ? retry.items : [];
    } else {
      items = parsed.items;
    }
  }
  const misplaced = items.filter((item) => item.name.toLowerCase() === 'critical');
  if (misplaced.length > 0 && !mode.lenient) {
    return problem(
      `Line ${entry.line} has \`critical\` after the first value of ${quoted(entry.name)}; openssl only reads it as the very first item.`,
      `Move it to the front: \`${entry.name} = critical, …\`.`,
    );
  }
  return { items: items.filter((item) => !misplaced.includes(item)), critical: misplaced.length > 0 };
}
