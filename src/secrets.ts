/**
 * Masks a secret and every form of it that could reach a log, and remembers them all, so that
 * every channel the runner's masking does not cover (outputs, the job summary, comments, issues)
 * is redacted against them too.
 *
 * An API that echoes a request can hand a secret back in any shape: the PEM with its line breaks
 * or JSON-escaped, the key's base64 body on one line or cut anywhere, the whole value in base64.
 * So each secret is kept in those forms, and any run of RUN_LENGTH characters of a long one is
 * enough to redact the text around it.
 */
import * as core from '@actions/core';

const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/** Shorter runs could occur by chance in base64; longer ones would let a cut-off echo through. */
export const RUN_LENGTH = 24;
/** A secret shorter than this is only redacted whole (a run of it could be an ordinary word). */
const MIN_LENGTH = 8;
const REDACTED = '***';

const masked = new Set<string>();
/** Every RUN_LENGTH-character run of every long form, for finding partial echoes. */
const runs = new Set<string>();

function register(value: string, mask = true): void {
  if (value === '' || masked.has(value)) return;
  if (mask) core.setSecret(value);
  masked.add(value);
  // A short secret is redacted whole; runs of it would match ordinary words.
  if (value.length < MIN_LENGTH) return;
  for (let start = 0; start + RUN_LENGTH <= value.length; start++)
    runs.add(value.slice(start, start + RUN_LENGTH));
}

/** The base64 body of a PEM on one line: what a request or an error message may carry. */
function pemBody(value: string): string | undefined {
  if (!value.includes('-----BEGIN ')) return undefined;
  const body = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !PEM_BOUNDARY.test(line) && !line.includes(':'))
    .join('');
  return body.length > 0 ? body : undefined;
}

export function maskSecret(value: string): void {
  if (!value) return;
  const forms = new Set([value, value.trim()]);
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.add(value.replace(/\r?\n/g, '\\n'));
  const body = pemBody(value);
  if (body) forms.add(body);
  for (const form of [...forms]) {
    forms.add(Buffer.from(form).toString('base64'));
    forms.add(Buffer.from(form).toString('base64url'));
    forms.add(encodeURIComponent(form));
  }
  for (const form of forms) register(form);
  // Each line is masked for the runner's log; the runs above already catch it everywhere else.
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!PEM_BOUNDARY.test(trimmed)) register(trimmed);
  }
}

/** Whether any value was masked: without one, redactSecrets returns every text as it is. */
export function hasSecrets(): boolean {
  return masked.size > 0;
}

/** `text` with every masked value, and any text around a run of one, replaced by `***`. */
export function redactSecrets(text: string): string {
  if (masked.size === 0 || !text) return text;
  const whole = [...masked]
    .sort((a, b) => b.length - a.length)
    .reduce((clean, secret) => clean.split(secret).join(REDACTED), text);
  return redactRuns(whole);
}

/**
 * Replaces each stretch of text that holds a run of a secret, extended to the whole token around
 * it (the base64 characters on either side), so that no part of a cut-off secret is left.
 */
function redactRuns(text: string): string {
  let out = '';
  let from = 0;
  for (let start = 0; start + RUN_LENGTH <= text.length; start++) {
    if (!runs.has(text.slice(start, start + RUN_LENGTH))) continue;
    let end = start + RUN_LENGTH;
    while (end + 1 <= text.length && runs.has(text.slice(end - RUN_LENGTH + 1, end + 1))) end++;
    let begin = start;
    while (begin > from && /[A-Za-z0-9+/=_-]/.test(text[begin - 1]!)) begin--;
    while (end < text.length && /[A-Za-z0-9+/=_-]/.test(text[end]!)) end++;
    out += text.slice(from, begin) + REDACTED;
    from = end;
    start = end - 1;
  }
  return out + text.slice(from);
}

/**
 * Every line this process writes to its log passes through redactSecrets, so a secret in a form
 * the runner was not told about (a run of it inside an echoed error) never reaches the log. The
 * `::add-mask::` commands that tell the runner are left whole.
 */
let redactingLogs = false;

export function redactLogs(): void {
  if (redactingLogs) return;
  redactingLogs = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string' || chunk.startsWith('::add-mask::')) return write(chunk, ...rest);
      return write(redactSecrets(chunk), ...rest);
    }) as typeof stream.write;
  }
}
