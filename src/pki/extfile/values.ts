/** The value of each extension OpenSSL interprets, read as its v2i/s2i function reads it. */
import type { ConfEntry } from './conf.js';
import { normalizeIp } from '../ip.js';
import type { ListItem } from './list.js';
import { EKU_NAMES, isNumericOid, KEY_USAGE_NAMES, sameButCase } from './names.js';
import { quoted } from './rules.js';
import type { DeclaredValue, KeyIdRequest, SanEntry } from './types.js';

interface Problem {
  line: number;
  message: string;
  fix: string;
}

/**
 * Strict mode reproduces OpenSSL. Lenient mode forgives case, a misplaced `critical` and empty
 * items, so that a rejected line can be answered with the corrected line to write.
 */
export interface Mode {
  lenient: boolean;
  problems: Problem[];
}

export type Sections = ReadonlyMap<string, readonly ConfEntry[]>;

/** Records a problem (at `line`, by default the entry's) and returns undefined, so callers can `return problem(…)`. */
export type Report = (message: string, fix: string, line?: number) => undefined;

const TRUE_WORDS = ['TRUE', 'true', 'Y', 'y', 'YES', 'yes'];
const FALSE_WORDS = ['FALSE', 'false', 'N', 'n', 'NO', 'no'];
const SAN_TYPES: Record<string, SanEntry['type']> = {
  email: 'email',
  URI: 'url',
  DNS: 'dns',
  RID: 'id',
  IP: 'ip',
  dirName: 'dn',
  otherName: 'otherName',
};

export function interpretValue(
  name: string,
  text: string,
  line: number,
  items: ListItem[],
  sections: Sections,
  mode: Mode,
  problem: Report,
): DeclaredValue | undefined {
  switch (name) {
    case 'basicConstraints':
      return basicConstraints(items, mode, problem);
    case 'keyUsage':
      return keyUsage(items, mode, problem);
    case 'extendedKeyUsage':
      return extendedKeyUsage(items, mode, problem);
    case 'subjectAltName':
      return subjectAltName(items, sections, mode, problem);
    case 'subjectKeyIdentifier':
      return subjectKeyIdentifier(text, line, problem);
    case 'authorityKeyIdentifier':
      return authorityKeyIdentifier(items, mode, problem);
    default:
      return { kind: 'opaque' };
  }
}

/** An exact match, or with `lenient` one that differs only in case; otherwise reports and returns undefined. */
function pick<T>(
  word: string,
  table: ReadonlyMap<string, T>,
  mode: Mode,
  report: (suggestion: string | undefined) => undefined,
): T | undefined {
  const exact = table.get(word);
  if (exact !== undefined) return exact;
  const fixed = sameButCase(word, table.keys());
  if (fixed !== undefined && mode.lenient) return table.get(fixed);
  return report(fixed);
}

function caseHint(suggestion: string | undefined, word = ''): string {
  if (suggestion) return ` (names are case-sensitive: write \`${suggestion}\`)`;
  return word.includes(';') ? ' (`;` does not start a comment in OpenSSL config files: `#` does)' : '';
}

function basicConstraints(items: ListItem[], mode: Mode, problem: Report): DeclaredValue | undefined {
  const value: { kind: 'basicConstraints'; ca: boolean; pathLength?: number } = {
    kind: 'basicConstraints',
    ca: false,
  };
  const fields = new Map([
    ['CA', 'CA'],
    ['pathlen', 'pathlen'],
  ]);
  const booleans = new Map<string, boolean>([
    ...TRUE_WORDS.map((word): [string, boolean] => [word, true]),
    ...FALSE_WORDS.map((word): [string, boolean] => [word, false]),
  ]);
  for (const item of items) {
    const field = pick(item.name, fields, mode, (suggestion) =>
      problem(
        `basicConstraints on line ${item.line} has ${quoted(item.name)}, which is not \`CA\` or \`pathlen\`${caseHint(suggestion, item.name)}.`,
        'Write `basicConstraints = CA:FALSE` for a client certificate.',
        item.line,
      ),
    );
    if (!field) return undefined;
    if (field === 'CA') {
      const ca = pick(item.value ?? '', booleans, mode, (suggestion) =>
        problem(
          `basicConstraints on line ${item.line} needs \`CA:TRUE\` or \`CA:FALSE\`${caseHint(suggestion)}.`,
          'Write `basicConstraints = CA:FALSE` for a client certificate.',
          item.line,
        ),
      );
      if (ca === undefined) return undefined;
      value.ca = ca;
    } else if (/^(-?\d+|0x[0-9A-Fa-f]+)$/.test(item.value ?? '')) {
      value.pathLength = Number(item.value);
    } else {
      return problem(
        `pathlen on line ${item.line} needs a number.`,
        'Remove pathlen: a client certificate is not a CA (`basicConstraints = CA:FALSE`).',
        item.line,
      );
    }
  }
  return value;
}

function keyUsage(items: ListItem[], mode: Mode, problem: Report): DeclaredValue | undefined {
  const bits = new Map<string, number>();
  KEY_USAGE_NAMES.forEach(([short, long], bit) => {
    bits.set(short, 1 << bit);
    bits.set(long, 1 << bit);
  });
  let usages = 0;
  for (const item of items) {
    const bit = pick(item.name, bits, mode, (suggestion) =>
      problem(
        `keyUsage on line ${item.line} has ${quoted(item.name)}, which is not a key usage name openssl knows ("unknown bit string argument")${caseHint(suggestion, item.name)}.`,
        `Use these names, comma-separated: ${KEY_USAGE_NAMES.map(([short]) => `\`${short}\``).join(', ')}; for a client certificate \`keyUsage = critical, digitalSignature\`.`,
        item.line,
      ),
    );
    if (bit === undefined) return undefined;
    usages |= bit;
  }
  return { kind: 'keyUsage', usages };
}

function extendedKeyUsage(items: ListItem[], mode: Mode, problem: Report): DeclaredValue | undefined {
  const purposes = new Map<string, string>();
  for (const [oid, [short, long]] of Object.entries(EKU_NAMES)) {
    purposes.set(short, oid);
    purposes.set(long, oid);
  }
  const oids: string[] = [];
  for (const item of items) {
    const word = item.value ?? item.name;
    const oid = isNumericOid(word)
      ? word
      : pick(word, purposes, mode, (suggestion) =>
          problem(
            `extendedKeyUsage on line ${item.line} has ${quoted(word)}, which is not a purpose openssl knows ("invalid object identifier")${caseHint(suggestion, word)}.`,
            'Write `extendedKeyUsage = clientAuth` for an origin-pull client certificate (or a dotted OID).',
            item.line,
          ),
        );
    if (oid === undefined) return undefined;
    oids.push(oid);
  }
  return { kind: 'extendedKeyUsage', oids };
}

/** The SAN type of a key or list name: the part before the first `.`, case-sensitive (ossl_v3_name_cmp). */
function sanType(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function subjectAltName(
  items: ListItem[],
  sections: Sections,
  mode: Mode,
  problem: Report,
): DeclaredValue | undefined {
  const value = {
    kind: 'subjectAltName' as const,
    names: [] as SanEntry[],
    copyEmail: false,
    moveEmail: false,
  };
  const types = new Map(Object.entries(SAN_TYPES));
  for (const item of items) {
    if (item.value === undefined) {
      const section = sections.has(item.name)
        ? ` If you meant the section \`[${item.name}]\`, write \`@${item.name}\`.`
        : '';
      return problem(
        `subjectAltName on line ${item.line} has ${quoted(item.name)} without a value (openssl: "missing value").${section}`,
        sections.has(item.name)
          ? `Write \`subjectAltName = @${item.name}\`.`
          : 'Write `subjectAltName = DNS:app.example.com`.',
        item.line,
      );
    }
    const written = sanType(item.name);
    const type = pick(written, types, mode, (suggestion) =>
      problem(
        `subjectAltName on line ${item.line} has the type ${quoted(written)}, which openssl does not know${caseHint(suggestion)}.`,
        suggestion
          ? `Write \`${suggestion}${item.name.slice(written.length)}\` on line ${item.line}.`
          : 'Use `DNS:`, `IP:`, `email:`, `URI:`, `RID:`, `dirName:` or `otherName:` (in a section: `DNS.1 = …`).',
        item.line,
      ),
    );
    if (!type) return undefined;
    if (type === 'email' && (item.value === 'copy' || item.value === 'move')) {
      value[item.value === 'copy' ? 'copyEmail' : 'moveEmail'] = true;
      continue;
    }
    const entry = sanEntry(type, item, sections, problem);
    if (!entry) return undefined;
    value.names.push(entry);
  }
  return value;
}

function sanEntry(
  type: SanEntry['type'],
  item: ListItem,
  sections: Sections,
  problem: Report,
): SanEntry | undefined {
  const text = item.value ?? '';
  if (type === 'ip') {
    return normalizeIp(text)
      ? { type, value: text }
      : problem(
          `The IP address on line ${item.line} is not a valid IPv4 or IPv6 address (openssl: "bad ip address").`,
          'Write `IP:192.0.2.10` or `IP:2001:db8::1`.',
          item.line,
        );
  }
  if (type === 'id' && !isNumericOid(text)) {
    return problem(`The RID on line ${item.line} is not a dotted OID.`, 'Write `RID:1.2.3.4`.', item.line);
  }
  if (type === 'dn' && !sections.get(text)?.length) {
    return problem(
      `The dirName on line ${item.line} names a section that does not exist or is empty.`,
      'Add the section it names with the name\u2019s fields (e.g. `CN = …`).',
      item.line,
    );
  }
  return { type, value: text };
}

function subjectKeyIdentifier(text: string, line: number, problem: Report): DeclaredValue | undefined {
  if (text === 'hash' || text === 'none') return { kind: 'subjectKeyIdentifier', method: text };
  const hex = text.replace(/:/g, '');
  if (/^([0-9A-Fa-f]{2})+$/.test(hex))
    return { kind: 'subjectKeyIdentifier', method: 'hex', hex: hex.toLowerCase() };
  return problem(
    `subjectKeyIdentifier on line ${line} must be \`hash\`, \`none\` or hex bytes.`,
    'Write `subjectKeyIdentifier = hash` (what openssl does by default).',
  );
}

function authorityKeyIdentifier(items: ListItem[], mode: Mode, problem: Report): DeclaredValue | undefined {
  const value = {
    kind: 'authorityKeyIdentifier' as const,
    none: false,
    keyid: 'no' as KeyIdRequest,
    issuer: 'no' as KeyIdRequest,
  };
  const options = new Map([
    ['keyid', 'keyid'],
    ['issuer', 'issuer'],
    ['none', 'none'],
  ] as const);
  for (const item of items) {
    const option = pick(item.name, options, mode, (suggestion) =>
      problem(
        `authorityKeyIdentifier on line ${item.line} has ${quoted(item.name)}, which is not \`keyid\`, \`issuer\` or \`none\` ("unknown option")${caseHint(suggestion)}.`,
        'Write `authorityKeyIdentifier = keyid, issuer`.',
        item.line,
      ),
    );
    if (!option) return undefined;
    if (option === 'none') value.none = true;
    else value[option] = item.value === 'always' ? 'always' : 'yes';
  }
  return value;
}
