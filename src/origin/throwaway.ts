/**
 * Probe (b)'s client certificate: a CA and a leaf made in memory for this run, which no origin
 * can trust. Both live only in this process; nothing is written or logged. They are issued by the
 * same DER writer and signer that renewals use, so the bundle carries one way to make certificates.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { TAG } from '../pki/der.js';
import { boolean, namedBits, oid, sequence, smallInteger, tlv } from '../renew/der-writer.js';
import type { ExtensionValue } from '../renew/extensions.js';
import { issueCertificate } from '../renew/sign.js';
import type { ClientCertificate } from './tls-probe.js';

const HOUR_MS = 3_600_000;
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DIGITAL_SIGNATURE = 1 << 0;
const KEY_CERT_SIGN = 1 << 5;

let made: ClientCertificate | undefined;

/** One throwaway client certificate per run; a well-formed clientAuth leaf, so only its CA is wrong. */
export function throwawayClientCertificate(now: Date = new Date()): Promise<ClientCertificate> {
  made ??= make(now);
  return Promise.resolve(made);
}

/** A Name of one CN, as UTF8String. */
function commonName(text: string): Uint8Array {
  const attribute = sequence(oid(COMMON_NAME), tlv(TAG.utf8String, Buffer.from(text, 'utf8')));
  return sequence(tlv(TAG.set, attribute));
}

function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

function extension(id: string, critical: boolean, value: Uint8Array): ExtensionValue {
  return { oid: id, critical, value };
}

function make(now: Date): ClientCertificate {
  const generate = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caKeys = generate();
  const leafKeys = generate();
  const notBefore = new Date(now.getTime() - HOUR_MS);
  const notAfter = new Date(now.getTime() + 24 * HOUR_MS);
  const caName = commonName('aop-certs throwaway probe CA (not trusted by anyone)');
  const ca = issueCertificate({
    subjectNameDer: caName,
    issuerNameDer: caName,
    spki: spkiOf(caKeys.publicKey),
    notBefore,
    notAfter,
    caKey: caKeys.privateKey,
    extensions: [
      extension(BASIC_CONSTRAINTS, true, sequence(boolean(true), smallInteger(0))),
      extension(KEY_USAGE, true, namedBits(KEY_CERT_SIGN)),
    ],
  });
  const leaf = issueCertificate({
    subjectNameDer: commonName('aop-certs throwaway probe client'),
    issuerNameDer: caName,
    spki: spkiOf(leafKeys.publicKey),
    notBefore,
    notAfter,
    caKey: caKeys.privateKey,
    extensions: [
      extension(BASIC_CONSTRAINTS, false, sequence()),
      extension(KEY_USAGE, true, namedBits(DIGITAL_SIGNATURE)),
      extension(EXTENDED_KEY_USAGE, false, sequence(oid(CLIENT_AUTH))),
    ],
  });
  return {
    certificatePem: `${leaf.pem.trimEnd()}\n${ca.pem.trimEnd()}\n`,
    privateKeyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
