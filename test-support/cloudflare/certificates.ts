/** What the emulator's upload endpoint checks in a certificate and key, as Cloudflare does. */
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { ApiFailure } from './envelope.js';

export interface ParsedCertificate {
  pem: string;
  sha256: string;
  serialNumber: string;
  issuer: string;
  signature: string;
  expiresOn: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The leaf of an upload, or the ApiFailure Cloudflare answers with. */
export function parseUpload(certificate: unknown, privateKey: unknown): ParsedCertificate {
  if (typeof certificate !== 'string' || typeof privateKey !== 'string') {
    throw new ApiFailure(400, 1001, 'certificate and private_key are required');
  }
  const certs = (certificate.match(PEM_CERT) ?? []).map(parseCertificate);
  if (certs.length === 0) throw new ApiFailure(400, 1002, 'Invalid certificate.');
  const leaf = certs.find((cert) => !cert.ca);
  if (!leaf) throw new ApiFailure(400, 2101, 'missing leaf certificate');
  if (/ENCRYPTED/.test(privateKey)) {
    throw new ApiFailure(
      400,
      2106,
      'The private key you uploaded is invalid: encrypted keys are not supported',
    );
  }
  let key;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    throw new ApiFailure(400, 2106, 'The private key you uploaded is invalid');
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new ApiFailure(
      400,
      2200,
      'The certificate and private key pair you uploaded is invalid: the key does not match',
    );
  }
  return describeCertificate(leaf);
}

export function describeCertificate(cert: X509Certificate): ParsedCertificate {
  const keyType = cert.publicKey.asymmetricKeyType === 'ec' ? 'ECDSA' : 'RSA';
  return {
    pem: cert.toString(),
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    serialNumber: BigInt(`0x${cert.serialNumber}`).toString(10),
    issuer: /CN=([^\n,]+)/.exec(cert.issuer)?.[1] ?? cert.issuer,
    signature: `SHA256With${keyType}`,
    expiresOn: new Date(cert.validTo).toISOString(),
  };
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ApiFailure(400, 1002, 'Invalid certificate.');
  }
}
