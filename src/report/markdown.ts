/** Small helpers to put untrusted text into Markdown tables and lines without breaking them. */
export { isoDate } from '../dates.js';

/** Keeps text on one line and inert as HTML; backtick code spans in our own messages still render. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

export function code(text: string): string {
  const clean = text.replace(/`/g, "'").replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return `\`${clean}\``;
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function shortFingerprint(sha256: string): string {
  return sha256.length > 16 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}
