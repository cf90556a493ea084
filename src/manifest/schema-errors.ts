/** Turns Ajv's schema errors into findings a person can act on, at the manifest's line. */
import type { ErrorObject } from 'ajv';
import type { Finding } from '../findings.js';

export type Locate = (segments: (string | number)[], key?: string) => number | undefined;

function segmentsOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function where(segments: (string | number)[]): string {
  if (segments.length === 0) return 'the manifest';
  return segments.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}

function describe(error: ErrorObject, at: string): { message: string; fix: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        message: `${at} is missing "${String(params.missingProperty)}".`,
        fix: `Add "${String(params.missingProperty)}:" to ${at}.`,
      };
    case 'additionalProperties':
      return {
        message: `${at} has an unknown key "${String(params.additionalProperty)}".`,
        fix: 'Remove it or correct its spelling; the schema (schemas/manifest.schema.json) lists the allowed keys.',
      };
    case 'const':
      return { message: `${at} must be ${JSON.stringify(params.allowedValue)}.`, fix: `Write ${at}: 1.` };
    case 'type':
      return {
        message: `${at} must be of type ${String(params.type)}.`,
        fix: `Write ${at} as a ${String(params.type)}.`,
      };
    case 'pattern':
      return { message: `${at} is not valid (${patternMeaning(at)}).`, fix: `Correct ${at}.` };
    case 'minItems':
      return {
        message: `${at} must have at least ${String(params.limit)} item(s).`,
        fix: `Add items to ${at}.`,
      };
    case 'maxLength':
    case 'minLength':
      return { message: `${at} has the wrong length.`, fix: `Correct ${at}.` };
    default:
      return { message: `${at} ${error.message ?? 'is not valid'}.`, fix: `Correct ${at}.` };
  }
}

function patternMeaning(at: string): string {
  if (at.endsWith('zone-id')) return 'a Cloudflare zone ID is 32 lowercase hexadecimal characters';
  if (/\.name$/.test(at)) return 'letters, digits, ".", "_" and "-", starting with a letter or digit';
  if (/ignore\[\d+\]$/.test(at)) return 'a rule ID such as leaf.not_ca';
  if (/env$/.test(at)) return 'an environment variable name such as AOP_KEY_APP';
  return 'it must be a hostname such as app.example.com';
}

export function schemaFindings(errors: ErrorObject[], file: string, locate: Locate): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let segments = segmentsOf(error.instancePath);
    const keyIndex = segments.indexOf('private-key');
    let described: { message: string; fix: string };
    if (keyIndex >= 0) {
      segments = segments.slice(0, keyIndex + 1);
      described = {
        message: `${where(segments)} must be either "env: VARIABLE" or "file: PATH" with "passphrase-env: VARIABLE".`,
        fix: 'Use "private-key: { env: AOP_KEY_APP }" (a secret holding the PEM), or an encrypted PKCS#8 file with its passphrase variable.',
      };
    } else {
      described = describe(error, where(segments));
    }
    const key = `${where(segments)}|${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const additional =
      error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
    findings.push({
      severity: 'error',
      rule: 'manifest.schema',
      file,
      line: locate(segments, additional),
      ...described,
    });
  }
  return findings;
}
