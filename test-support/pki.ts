/**
 * Certificate factory for tests: every CA, leaf and key is made at run time, relative to now,
 * so nothing expires in the repository and no private key is ever committed.
 */
import 'reflect-metadata';
import { createPrivateKey, KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type TBSCertificate } from '@peculiar/asn1-x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const DAY_MS = 86_400_000;

export type KeySpec =
  { alg: 'rsa'; bits?: number } | { alg: 'ec'; curve?: 'P-256' | 'P-384' | 'P-521' } | { alg: 'ed25519' };

export interface Issued {
  cert: x509.X509Certificate;
  certPem: string;
  /** Plaintext PKCS#8 PEM; tests encrypt it with the helpers below when they commit it. */
  keyPem: string;
  keys: CryptoKeyPair;
}

export interface CertOptions {
  /** Subject common name. */
  cn?: string;
  dns?: string[];
  /** Days from now; negative for the past. Defaults: notBefore -1, notAfter +days. */
  notBefore?: Date;
  notAfter?: Date;
  days?: number;
  key?: KeySpec;
  /** Reuse this key pair instead of generating one (many certificates for one key, e.g. benchmarks). */
  keys?: CryptoKeyPair;
  /** EKU OIDs or names (`clientAuth`, `serverAuth`); null leaves the extension out. */
  eku?: string[] | null;
  /** KeyUsageFlags bits; null leaves the extension out. */
  keyUsage?: number | null;
  keyUsageCritical?: boolean;
  /** null leaves basicConstraints out. */
  basicConstraints?: { ca: boolean; pathLength?: number; critical?: boolean } | null;
  serialNumber?: string;
  hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  ski?: boolean;
  aki?: boolean;
  extraExtensions?: x509.Extension[];
  /**
   * Changes the to-be-signed structure before it is (re-)signed by the issuer, for certificates
   * no well-behaved CA issues: a v1 version, odd serial encodings, duplicate extensions, ...
   */
  tamper?: (tbs: TBSCertificate) => void;
}

const EKU_BY_NAME: Record<string, string> = {
  clientAuth: x509.ExtendedKeyUsage.clientAuth,
  serverAuth: x509.ExtendedKeyUsage.serverAuth,
  codeSigning: x509.ExtendedKeyUsage.codeSigning,
  anyExtendedKeyUsage: '2.5.29.37.0',
};

export async function makeKeys(spec: KeySpec = { alg: 'ec' }, hash = 'SHA-256'): Promise<CryptoKeyPair> {
  if (spec.alg === 'ed25519') {
    return (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
  }
  const algorithm =
    spec.alg === 'rsa'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          hash,
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: spec.bits ?? 2048,
        }
      : { name: 'ECDSA', namedCurve: spec.curve ?? 'P-256' };
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function signingAlgorithm(keys: CryptoKeyPair, hash: string): Algorithm | EcdsaParams {
  const name = keys.privateKey.algorithm.name;
  if (name === 'Ed25519') return { name } as Algorithm;
  return name === 'ECDSA'
    ? ({ name: 'ECDSA', hash } as EcdsaParams)
    : ({ name: 'RSASSA-PKCS1-v1_5', hash } as Algorithm);
}

/** Applies `tamper` to a certificate's TBS and signs the result again with the same key and algorithm. */
function tampered(cert: x509.X509Certificate, signer: CryptoKey, tamper: (tbs: TBSCertificate) => void) {
  const asn = AsnConvert.parse(cert.rawData, Certificate);
  tamper(asn.tbsCertificate);
  const tbsDer = Buffer.from(AsnConvert.serialize(asn.tbsCertificate));
  const hash = (cert.signatureAlgorithm as { hash?: { name: string } }).hash?.name
    .replace('-', '')
    .toLowerCase();
  const signatureValue = sign(
    signer.algorithm.name === 'Ed25519' ? null : hash!,
    tbsDer,
    KeyObject.from(signer),
  );
  const signed = new Certificate({
    tbsCertificate: asn.tbsCertificate,
    signatureAlgorithm: asn.signatureAlgorithm,
    signatureValue: new Uint8Array(signatureValue).buffer,
  });
  return new x509.X509Certificate(AsnConvert.serialize(signed));
}

async function keyPemOf(keys: CryptoKeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

async function extensionsFor(
  opts: CertOptions,
  keys: CryptoKeyPair,
  issuer?: Issued,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [];
  if (opts.basicConstraints !== null) {
    const bc = opts.basicConstraints ?? { ca: false };
    extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLength, bc.critical ?? false));
  }
  if (opts.keyUsage !== null && opts.keyUsage !== undefined) {
    extensions.push(new x509.KeyUsagesExtension(opts.keyUsage, opts.keyUsageCritical ?? false));
  }
  if (opts.eku !== null && opts.eku !== undefined) {
    extensions.push(new x509.ExtendedKeyUsageExtension(opts.eku.map((name) => EKU_BY_NAME[name] ?? name)));
  }
  if (opts.dns?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(opts.dns.map((value) => ({ type: 'dns' as const, value }))),
    );
  }
  if (opts.ski !== false) extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (opts.aki !== false && issuer) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  }
  return [...extensions, ...(opts.extraExtensions ?? [])];
}

function windowOf(opts: CertOptions, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = opts.notAfter ?? new Date(Date.now() + (opts.days ?? defaultDays) * DAY_MS);
  return { notBefore, notAfter };
}

async function issue(opts: CertOptions, defaults: CertOptions, issuer: Issued | undefined): Promise<Issued> {
  const merged: CertOptions = { ...defaults, ...opts };
  const hash = merged.hash ?? 'SHA-256';
  const keys = merged.keys ?? (await makeKeys(merged.key, hash));
  const signer = issuer?.keys ?? keys;
  const name = `CN=${merged.cn ?? 'test'}`;
  const params = {
    serialNumber: merged.serialNumber ?? randomSerial(),
    ...windowOf(merged, defaults.days ?? 365),
    extensions: await extensionsFor(merged, keys, issuer),
    signingAlgorithm: signingAlgorithm(signer, hash),
  };
  const generated = await x509.X509CertificateGenerator.create({
    ...params,
    subject: name,
    issuer: issuer ? issuer.cert.subject : name,
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
  });
  const cert = merged.tamper ? tampered(generated, signer.privateKey, merged.tamper) : generated;
  return { cert, certPem: cert.toString('pem') + '\n', keyPem: await keyPemOf(keys), keys };
}

/** A root CA (or, with `issuer`, an intermediate) with keyCertSign and a critical CA:TRUE. */
export function makeCA(opts: CertOptions & { issuer?: Issued } = {}): Promise<Issued> {
  const { issuer, ...rest } = opts;
  return issue(
    rest,
    {
      cn: 'Test Origin CA',
      days: 1826,
      basicConstraints: { ca: true, critical: true },
      keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
      keyUsageCritical: true,
    },
    issuer,
  );
}

/** A client leaf as Cloudflare wants it: CA:FALSE, digitalSignature, clientAuth, SAN. */
export function makeLeaf(issuer: Issued, opts: CertOptions = {}): Promise<Issued> {
  const cn = opts.cn ?? opts.dns?.[0] ?? 'app.example.com';
  return issue(
    opts,
    {
      cn,
      dns: [cn],
      days: 90,
      basicConstraints: { ca: false },
      keyUsage: x509.KeyUsageFlags.digitalSignature,
      keyUsageCritical: true,
      eku: ['clientAuth'],
    },
    issuer,
  );
}

/** PKCS#8 with PBES2 (what `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes). */
export function encryptKeyPkcs8(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}

/** The legacy `Proc-Type: 4,ENCRYPTED` form (`openssl rsa -aes256 -traditional`); RSA keys only. */
export function encryptKeyLegacy(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem)
    .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}

export { x509 };
