/** Every form of a secret an echoing API could hand back is redacted, and ordinary text is left alone. */
import { createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskSecret, redactSecrets, RUN_LENGTH } from '../../src/secrets.js';
import { encryptKeyPkcs8, makeCA } from '../../test-support/pki.js';

let keyPem: string;
let body: string;
const TOKEN = 'cf-token-0123456789abcdefghijklmnopqrstuv';

beforeAll(async () => {
  keyPem = (await makeCA({ key: { alg: 'rsa' } })).keyPem;
  body = keyPem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
  maskSecret(keyPem);
  maskSecret(TOKEN);
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('redactSecrets', () => {
  it.each([
    ['the PEM', () => keyPem],
    ['the PEM with CRLF', () => keyPem.replace(/\n/g, '\r\n')],
    ['the PEM JSON-escaped', () => JSON.stringify({ private_key: keyPem })],
    ['the key body on one line', () => body],
    ['a run of the body', () => `…${body.slice(500, 500 + RUN_LENGTH)}…`],
    ['a longer cut of the body, mid-line', () => `x=${body.slice(77, 300)}&y=1`],
    ['the PEM in base64', () => b64(keyPem)],
    ['the PEM in base64url', () => b64url(keyPem)],
    ['the token', () => `Authorization: Bearer ${TOKEN}`],
    ['the token in base64', () => b64(TOKEN)],
    ['the token in base64url', () => b64url(TOKEN)],
    ['the token URL-encoded', () => encodeURIComponent(TOKEN)],
    ['headers as JSON', () => JSON.stringify({ authorization: `Bearer ${TOKEN}` })],
  ])('%s', (_label, make) => {
    const echoed = `Cloudflare said: ${make()} (end)`;
    const clean = redactSecrets(echoed);
    expect(clean).toContain('***');
    expect(clean).toMatch(/^Cloudflare said: .*\(end\)$/s);
    for (let start = 0; start + RUN_LENGTH <= body.length; start += 7) {
      expect(clean).not.toContain(body.slice(start, start + RUN_LENGTH));
    }
    expect(clean).not.toContain(TOKEN.slice(0, 16));
    expect(clean).not.toContain(b64(TOKEN).slice(0, 16));
  });

  it('a decrypted key and its passphrase, masked as key-source masks them', () => {
    const passphrase = 'correct horse battery';
    const encrypted = encryptKeyPkcs8(keyPem, passphrase);
    const decrypted = createPrivateKey({ key: encrypted, passphrase })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    maskSecret(passphrase);
    maskSecret(decrypted);
    const clean = redactSecrets(`${passphrase} ${b64(passphrase)} ${JSON.stringify(decrypted)}`);
    expect(clean).not.toContain(passphrase);
    expect(clean).not.toContain(b64(passphrase));
    expect(clean).not.toContain(decrypted.split('\n')[3]!.slice(0, RUN_LENGTH));
  });

  it('leaves a certificate, IDs and ordinary words alone', () => {
    const text =
      'Upload of certificate 2458ce5a-0c35-4c7f-82c7-8e9487d3ff60 failed: HTTP 400, 1406 Invalid private key.';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('a short secret (a passphrase of a few characters)', () => {
  it('is masked and redacted whole, while its runs are not hunted in ordinary words', () => {
    maskSecret('hunt3r2');
    expect(redactSecrets('passphrase hunt3r2 was wrong')).not.toContain('hunt3r2');
    expect(redactSecrets('a hunt3 of the words')).toBe('a hunt3 of the words');
  });
});
