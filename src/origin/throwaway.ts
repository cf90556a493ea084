/**
 * Probe (b)'s client certificate: a CA and a leaf made in memory for this run, which no origin
 * can trust. Both live only in this process; nothing is written or logged.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { ClientCertificate } from './tls-probe.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const HOUR_MS = 3_600_000;

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

let made: Promise<ClientCertificate> | undefined;

/** One throwaway client certificate per run; a well-formed clientAuth leaf, so only its CA is wrong. */
export function throwawayClientCertificate(now: Date = new Date()): Promise<ClientCertificate> {
  made ??= make(now);
  return made;
}

async function make(now: Date): Promise<ClientCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const generate = () =>
    webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  const [caKeys, leafKeys] = await Promise.all([generate(), generate()]);
  const notBefore = new Date(now.getTime() - HOUR_MS);
  const notAfter = new Date(now.getTime() + 24 * HOUR_MS);
  const caName = 'CN=aop-certs throwaway probe CA (not trusted by anyone)';
  const ca = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: caName,
    issuer: caName,
    notBefore,
    notAfter,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=aop-certs throwaway probe client',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return {
    certificatePem: `${leaf.toString('pem')}\n${ca.toString('pem')}\n`,
    privateKeyPem: x509.PemConverter.encode(keyDer, 'PRIVATE KEY'),
  };
}
