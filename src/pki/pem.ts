/** Splits a file into PEM blocks with their line numbers, or recognises DER; nothing is parsed here. */

const MAX_FILE_BYTES = 1024 * 1024;

export interface PemBlock {
  /** The word(s) after BEGIN, e.g. `CERTIFICATE`, `ENCRYPTED PRIVATE KEY`. */
  label: string;
  /** 1-based line of the BEGIN line. */
  line: number;
  /** RFC 1421 headers such as `Proc-Type` (legacy encrypted keys), by name. */
  headers: Record<string, string>;
  /** The decoded body; undefined when it is not valid base64. */
  der: Uint8Array | undefined;
}

export interface PemHygiene {
  byteOrderMark: boolean;
  crlf: boolean;
  /** A base64 line longer than 64 characters. */
  longLines: boolean;
}

export type DecodedFile =
  | { kind: 'too-large' }
  | { kind: 'der'; der: Uint8Array }
  | {
      kind: 'pem';
      blocks: PemBlock[];
      hygiene: PemHygiene;
      unterminated: boolean;
      /** Line of the BEGIN that has no END. */
      unterminatedLine?: number;
    }
  | { kind: 'unrecognised' };

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----\s*$/;
const END = /^-----END ([A-Z0-9 ]+)-----\s*$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ASN1_SEQUENCE = 0x30;

const UTF8 = new TextDecoder('utf-8');

export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (bytes.byteLength > MAX_FILE_BYTES) return { kind: 'too-large' };
  const text = UTF8.decode(bytes);
  if (!text.includes('-----BEGIN ')) {
    return bytes[0] === ASN1_SEQUENCE ? { kind: 'der', der: bytes } : { kind: 'unrecognised' };
  }
  return decodePemText(text);
}

export function decodePemText(text: string): DecodedFile & { kind: 'pem' } {
  const hygiene: PemHygiene = {
    byteOrderMark: text.startsWith('\uFEFF'),
    crlf: text.includes('\r\n'),
    longLines: false,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let open: { label: string; line: number; body: string[] } | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!open) {
      const begin = BEGIN.exec(line);
      if (begin) open = { label: begin[1]!, line: index + 1, body: [] };
      return;
    }
    const end = END.exec(line);
    if (end && end[1] === open.label) {
      blocks.push(closeBlock(open.label, open.line, open.body, hygiene));
      open = undefined;
    } else {
      open.body.push(line);
    }
  });
  const decoded: DecodedFile & { kind: 'pem' } = { kind: 'pem', blocks, hygiene, unterminated: false };
  if (open) Object.assign(decoded, { unterminated: true, unterminatedLine: open.line });
  return decoded;
}

function closeBlock(label: string, line: number, body: string[], hygiene: PemHygiene): PemBlock {
  const headers: Record<string, string> = {};
  let first = 0;
  while (first < body.length && HEADER.test(body[first]!)) {
    const [, name, value] = HEADER.exec(body[first]!)!;
    headers[name!] = value!;
    first += 1;
  }
  const base64Lines = body.slice(first).filter((part) => part !== '');
  if (base64Lines.some((part) => part.length > 64)) hygiene.longLines = true;
  const base64 = base64Lines.join('');
  const valid = base64.length > 0 && base64.length % 4 === 0 && BASE64.test(base64);
  return { label, line, headers, der: valid ? new Uint8Array(Buffer.from(base64, 'base64')) : undefined };
}

/** A single-block PEM with LF line endings and 64-column base64, as Cloudflare wants it. */
export function encodePem(der: Uint8Array, label: string, headers: Record<string, string> = {}): string {
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\n`);
  const encoded = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const base64: string[] = [];
  for (let start = 0; start < encoded.length; start += 64) base64.push(encoded.slice(start, start + 64));
  const body = `${headerLines.join('')}${headerLines.length ? '\n' : ''}${base64.join('\n')}`;
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export function isPrivateKeyLabel(label: string): boolean {
  return label.endsWith('PRIVATE KEY');
}
