/** Arbitraries for property tests: valid inputs damaged the ways files get damaged, or hostile ones. */
import fc from 'fast-check';

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

/** Characters that mean something to YAML, OpenSSL's config syntax, PEM or Markdown. */
const SYNTAX = '&*!|>-:[]{}#\'"\\$@%=,;.()`\n\r\t -_+/';

const insertion = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SYNTAX.split('')), maxLength: 6 }),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(
    '*a',
    '&a ',
    '<<: *a',
    '$x',
    '${a::b}',
    '\\\n',
    '-----BEGIN CERTIFICATE-----\n',
    '-----END CERTIFICATE-----\n',
    '\uFEFF',
    '\u0000',
  ),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertion }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, change: Edit): string {
  const at = text.length === 0 ? 0 : change.at % (text.length + 1);
  switch (change.kind) {
    case 'insert':
      return text.slice(0, at) + change.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'duplicate':
      return (
        text.slice(0, at + change.length) +
        text.slice(at, at + change.length) +
        text.slice(at + change.length)
      );
    case 'truncate':
      return text.slice(0, at);
  }
}

/** `base` with one to eight edits: inserted syntax, cut or repeated stretches, a truncation. */
export function mutatedText(base: string): fc.Arbitrary<string> {
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => edits.reduce(apply, base));
}

/** `base` with bytes flipped, replaced, cut or repeated (binary damage, for DER). */
export function mutatedBytes(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const change = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
  );
  return fc.array(change, { minLength: 1, maxLength: 6 }).map((changes) => {
    let bytes = Uint8Array.from(base);
    for (const item of changes) {
      const at = bytes.length === 0 ? 0 : item.at % bytes.length;
      if (item.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (1 << item.bit);
      else if (item.kind === 'set') bytes[at] = item.value;
      else if (item.kind === 'cut') bytes = bytes.slice(0, at);
      else
        bytes = Uint8Array.from([
          ...bytes.slice(0, at + item.length),
          ...bytes.slice(at, at + item.length),
          ...bytes.slice(at + item.length),
        ]);
    }
    return bytes;
  });
}

/** A PEM block around `der`, with 64-column base64. */
export function pemOf(der: Uint8Array, label = 'CERTIFICATE'): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Property runs: thousands in all, a few seconds per file on a shared CI machine. */
export const RUNS = Number(process.env.AOP_PROPERTY_RUNS ?? 1000);
