/** What the returned PEM of a Cloudflare certificate says, for the report's table and timeline. */
import { certificateBlocks } from '../pki/certificate-file.js';
import { inspectCertificate } from '../pki/inspect.js';

export interface RemoteFacts {
  subject: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

export function remoteFacts(certificatePem: string | undefined): RemoteFacts | undefined {
  if (!certificatePem) return undefined;
  const block = certificateBlocks(new TextEncoder().encode(certificatePem), 'leaf').blocks[0];
  const certificate = block && inspectCertificate(block.der);
  if (!certificate) return undefined;
  return {
    subject: certificate.subject,
    serial: certificate.serialNumber,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}
