/**
 * Masks a secret and every form of it that could reach a log (each line, its JSON-escaped text),
 * and remembers them all, so that text bound for GitHub (comments, issues), which the runner's
 * masking does not cover, can be redacted against them.
 */
import * as core from '@actions/core';

const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
const masked = new Set<string>();

function register(value: string): void {
  core.setSecret(value);
  masked.add(value);
}

export function maskSecret(value: string): void {
  if (!value) return;
  register(value);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) register(escaped);
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= 8 && trimmed !== value && !PEM_BOUNDARY.test(trimmed)) register(trimmed);
  }
}

/** `text` with every masked value replaced by `***`, longest first. */
export function redactSecrets(text: string): string {
  return [...masked]
    .sort((a, b) => b.length - a.length)
    .reduce((clean, secret) => clean.split(secret).join('***'), text);
}
