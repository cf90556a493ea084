/**
 * The one place untrusted text becomes Markdown (comments, summaries, issues). Certificate
 * subjects, names, file names and Cloudflare's words come from people we do not trust, so what
 * they write must render as the text itself: no mention, issue reference, link, image or HTML.
 */
export { isoDate } from '../dates.js';

/**
 * U+2060 WORD JOINER: invisible, but it splits `@name`, `#12`, `GH-12`, `www.` and `://`, which
 * GitHub turns into mentions, references and links after Markdown is rendered, where a
 * backslash escape no longer counts.
 */
const JOINER = '\u2060';
/** Control characters and the bidirectional overrides that make text read other than it is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Any character or sequence escapePlain changes (a superset: `gh-` without its word boundary);
 * most text has none, and a summary of a thousand findings made each of them run nine replaces.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_SPECIAL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069&<>\\[\]|$*_~@#]|gh-|:\/\/|www\./i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CODE_SPECIAL = /[`\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069|]/;

function escapePlain(text: string): string {
  if (!PLAIN_SPECIAL.test(text)) return text;
  return text
    .replace(INVISIBLE, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\[\]|$*_~]/g, '\\$&')
    .replace(/[@#]/g, `$&${JOINER}`)
    .replace(/\b(gh)-/gi, `$1${JOINER}-`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\bwww\./gi, `www${JOINER}.`);
}

/**
 * Text on one line, inert. Our own messages mark commands and file lines as `code`; those spans
 * are kept, rebuilt from single backticks, so however the text pairs its backticks every part
 * is either a code span (which GitHub leaves alone) or escaped.
 */
export function escapeText(text: string): string {
  const parts = text.split(/`+/);
  // An odd number of backtick runs leaves the last one unpaired: its text is plain.
  const lastCode = parts.length % 2 === 0 ? parts.length - 2 : parts.length - 1;
  return parts
    .map((part, index) => {
      if (index % 2 === 0 || index > lastCode) return escapePlain(index > lastCode ? `'${part}` : part);
      return part.trim() === '' ? escapePlain(part) : code(part);
    })
    .join('');
}

/** A code span: its content is never a mention, link or HTML; backticks and line breaks are replaced. */
export function code(text: string): string {
  if (!CODE_SPECIAL.test(text)) return `\`${text}\``;
  const clean = text.replace(/`/g, "'").replace(INVISIBLE, ' ').replace(/\|/g, '\\|');
  return `\`${clean}\``;
}

/** A repository path for a URL: every character that could end the link or start another is encoded. */
export function urlPath(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function shortFingerprint(sha256: string): string {
  return sha256.length > 16 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}
