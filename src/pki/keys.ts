/**
 * The certificate's private key: where it comes from, that a committed one is properly encrypted,
 * that it decrypts (in memory only) and that it matches the certificate. Node's error messages
 * are never passed on: they can carry details of the key, so each is mapped to our own text.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { children, expectTag, readOid, readRoot, TAG } from './der.js';
import { loadPublicKey, type InspectedCertificate } from './inspect.js';
import {
  decodeFile,
  decodePemText,
  encodePem,
  isPrivateKeyLabel,
  type DecodedFile,
  type PemBlock,
} from './pem.js';
import { problem, type Problem } from './problem.js';
import { RULES } from './rules.js';

export type KeyInput =
  /** PEM text from a secret environment variable. */
  | { source: 'env'; variable: string; pem: string }
  | { source: 'file'; path: string; bytes: Uint8Array; passphraseVariable?: string; passphrase?: string }
  | { source: 'absent'; reason: 'not-configured' | 'fork' | 'empty-variable'; variable?: string };

export interface KeyCheck {
  problems: Problem[];
  /** Unencrypted PKCS#8 PEM, when the key decrypted and matches the certificate. */
  privateKeyPem?: string;
}

const PBES2 = '1.2.840.113549.1.5.13';
const TO_PBES2 = 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key';
const ENCRYPTED_LABEL = 'ENCRYPTED PRIVATE KEY';

export function checkKey(key: KeyInput | undefined, certificate: InspectedCertificate | undefined): KeyCheck {
  if (!key) return { problems: [] };
  switch (key.source) {
    case 'absent':
      return { problems: absentKeyProblems(key) };
    case 'env':
      return withoutLines(
        checkKeyText(decodePemText(key.pem), `The variable ${key.variable}`, undefined, certificate),
      );
    case 'file':
      return checkKeyFile(key, certificate);
  }
}

/** Lines inside a variable's text mean nothing to the reader: its findings point at the manifest. */
function withoutLines(check: KeyCheck): KeyCheck {
  return { ...check, problems: check.problems.map(({ line: _line, ...rest }) => rest) };
}

function absentKeyProblems(key: KeyInput & { source: 'absent' }): Problem[] {
  if (key.reason === 'fork') {
    return [
      problem(
        RULES.keyAbsentOnFork,
        'The private key was not checked: a pull request from a fork gets no secrets.',
        'Nothing to do here; deploy checks the key after the merge.',
      ),
    ];
  }
  if (key.reason === 'empty-variable') {
    return [
      problem(
        RULES.keyEmptyVariable,
        `The private-key variable${key.variable ? ` ${key.variable}` : ''} is empty or unset, so the key was not checked (a misnamed secret?).`,
        `Check that the workflow passes the secret as \`env: ${key.variable ?? 'NAME'}: \${{ secrets.... }}\` under the exact name the manifest gives.`,
      ),
    ];
  }
  return [];
}

function checkKeyFile(
  key: KeyInput & { source: 'file' },
  certificate: InspectedCertificate | undefined,
): KeyCheck {
  const decoded = decodeFile(key.bytes);
  const what = `The key file ${key.path}`;
  if (decoded.kind === 'too-large') {
    return {
      problems: [
        problem(
          RULES.inputTooLarge,
          `${what} is larger than 1 MiB, so it was not read.`,
          'Point `file:` at the encrypted PEM key itself.',
        ),
      ],
    };
  }
  const blocks =
    decoded.kind === 'pem' ? decoded.blocks.filter((block) => isPrivateKeyLabel(block.label)) : [];
  const block = blocks[0];
  if (block && block.label !== ENCRYPTED_LABEL && block.headers['Proc-Type'] === undefined) {
    return {
      problems: [
        problem(
          RULES.plaintextKey,
          `${what} holds an unencrypted private key: committed to the repository, it is a leaked secret.`,
          `Issue a new key and certificate (this key must be treated as compromised), and commit only the encrypted key: \`openssl pkcs8 -topk8 -v2 aes-256-cbc -in cert.key -out cert.key.enc\`, with its passphrase in a secret named by \`passphrase-env\`.`,
          { line: block.line },
        ),
      ],
    };
  }
  if (block && !isPbes2(block)) {
    return {
      problems: [
        problem(
          RULES.keyLegacyEncryption,
          `${what} uses legacy encryption (${block.label === ENCRYPTED_LABEL ? 'PKCS#5 v1.5' : 'Proc-Type: 4,ENCRYPTED, a single MD5 round'}), which is too weak to commit.`,
          `Re-encrypt it as PKCS#8 with PBES2: \`${TO_PBES2}\`.`,
          { line: block.line },
        ),
      ],
    };
  }
  if (block && !key.passphrase) {
    const variable = key.passphraseVariable;
    return {
      problems: [
        problem(
          RULES.keyPresentAndMatches,
          variable
            ? `${what} is encrypted but its passphrase variable ${variable} is empty or unset, so it cannot be decrypted.`
            : `${what} is encrypted but the manifest names no passphrase-env, so it cannot be decrypted.`,
          variable
            ? `Pass the passphrase secret to the step as \`env: ${variable}: \${{ secrets.... }}\`.`
            : 'Add `passphrase-env: NAME` under private-key and pass that secret to the step.',
          { line: block.line },
        ),
      ],
    };
  }
  return checkKeyText(decoded, what, key.passphrase, certificate);
}

function isPbes2(block: PemBlock): boolean {
  if (block.label !== ENCRYPTED_LABEL || !block.der) return false;
  try {
    // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
    const notes: string[] = [];
    const [algorithm] = children(expectTag(readRoot(block.der, notes), TAG.sequence), notes);
    return readOid(children(expectTag(algorithm, TAG.sequence), notes)[0]!) === PBES2;
  } catch {
    return false;
  }
}

function checkKeyText(
  decoded: DecodedFile,
  what: string,
  passphrase: string | undefined,
  certificate: InspectedCertificate | undefined,
): KeyCheck {
  const blocks =
    decoded.kind === 'pem' ? decoded.blocks.filter((block) => isPrivateKeyLabel(block.label)) : [];
  const block = blocks[0];
  if (blocks.length !== 1 || !block?.der) {
    const found = blocks.length > 1 ? `${blocks.length} private key blocks` : 'no PEM private key';
    return {
      problems: [
        problem(
          RULES.keyPresentAndMatches,
          `${what} holds ${found}; it must hold exactly one.`,
          'Give the PEM key that `openssl req -newkey ... -keyout cert.key` wrote (a `BEGIN PRIVATE KEY` block).',
        ),
      ],
    };
  }
  const problems = decoded.kind === 'pem' ? hygieneProblems(decoded, what) : [];
  const opened = openKey(block, passphrase);
  if (typeof opened === 'string') {
    problems.push(
      problem(RULES.keyPresentAndMatches, `${what} ${opened}.`, keyFix(opened), { line: block.line }),
    );
    return { problems };
  }
  if (!certificate) return { problems };
  if (!matches(certificate, opened)) {
    problems.push(
      problem(
        RULES.keyPresentAndMatches,
        `${what} holds a key that does not match the certificate's public key; Cloudflare refuses the upload.`,
        'Give the key the certificate was issued for, or issue a new certificate from a CSR made with this key (`openssl req -new -key cert.key -out cert.csr`).',
        { line: block.line },
      ),
    );
    return { problems };
  }
  return { problems, privateKeyPem: opened.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const WRONG_PASSPHRASE = 'does not decrypt with the given passphrase';
const ENCRYPTED_WITHOUT_PASSPHRASE = 'is encrypted, and there is no passphrase for it';
const UNPARSEABLE = 'does not parse as a private key';

/** The decrypted key, or why it cannot be opened. */
function openKey(block: PemBlock, passphrase: string | undefined): KeyObject | string {
  const pem = encodePem(block.der!, block.label, block.headers);
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: passphrase ?? '' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_OSSL_BAD_DECRYPT') return passphrase ? WRONG_PASSPHRASE : ENCRYPTED_WITHOUT_PASSPHRASE;
    if (code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') return ENCRYPTED_WITHOUT_PASSPHRASE;
    return UNPARSEABLE;
  }
}

function keyFix(reason: string): string {
  if (reason === WRONG_PASSPHRASE)
    return 'Check that the passphrase secret is the one the key was encrypted with.';
  if (reason === ENCRYPTED_WITHOUT_PASSPHRASE)
    return 'Store the key decrypted in the secret (`openssl pkcs8 -topk8 -nocrypt -in enc.key`), or commit it encrypted with `file:` and `passphrase-env:`.';
  return 'Give the PEM key exactly as `openssl req -newkey ... -keyout cert.key` wrote it.';
}

function matches(certificate: InspectedCertificate, key: KeyObject): boolean {
  try {
    return loadPublicKey(certificate)?.equals(createPublicKey(key)) ?? false;
  } catch {
    return false;
  }
}

function hygieneProblems(decoded: DecodedFile & { kind: 'pem' }, what: string): Problem[] {
  const issues: string[] = [];
  if (decoded.blocks.some((block) => block.label === 'EC PARAMETERS')) issues.push('an EC PARAMETERS block');
  if (decoded.hygiene.byteOrderMark) issues.push('a byte-order mark');
  if (decoded.hygiene.crlf) issues.push('CRLF line endings');
  if (decoded.hygiene.longLines) issues.push('base64 lines longer than 64 characters');
  if (issues.length === 0) return [];
  return [
    problem(
      RULES.keyPemHygiene,
      `${what} has ${issues.join(', ')}; Cloudflare asks for a plain PEM key (the action uploads a cleaned copy).`,
      'Re-write the key as plain PKCS#8 PEM: `openssl pkcs8 -topk8 -nocrypt -in cert.key -out clean.key` (encrypt it again before committing).',
    ),
  ];
}
