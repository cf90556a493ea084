/** Masks a secret and every form of it that could reach a log: each line, and its JSON-escaped text. */
import * as core from '@actions/core';

const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

export function maskSecret(value: string): void {
  if (!value) return;
  core.setSecret(value);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) core.setSecret(escaped);
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= 8 && trimmed !== value && !PEM_BOUNDARY.test(trimmed)) core.setSecret(trimmed);
  }
}
