/** What to do about a scan item, in words a person can follow (and commands they can paste). */
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
import type { ScanTodo } from './types.js';

/**
 * Cloudflare's own recipe (the seed), with the manifest's paths filled in: a new key and CSR,
 * signed by the zone's CA with the certificate's extension file.
 */
function renewRecipe(zone: ManifestZone, certificate: ManifestCertificate): string {
  const extfile = certificate.extensions ?? 'cert.v3.ext';
  const cn = certificate.hostnames[0] ?? zone.zone;
  return (
    `\`openssl req -new -nodes -out cert.csr -newkey rsa:4096 -keyout cert.key -subj /CN=${cn}\` then ` +
    `\`openssl x509 -req -in cert.csr -CA ${zone.originCa} -CAkey rootca.key -CAcreateserial ` +
    `-out ${certificate.certificate} -days 730 -sha256 -extfile ${extfile}\``
  );
}

export function renewAction(zone: ManifestZone, certificate: ManifestCertificate): string {
  return (
    `Renew it with the seed's recipe: ${renewRecipe(zone, certificate)}; store the new key in its secret, ` +
    'open a pull request with the new certificate, and merge it: deploy uploads it and re-points the hostnames.'
  );
}

export const REDEPLOY_ACTION =
  "Re-run deploy (the workflow on the default branch): it uploads what is missing and points the hostnames at the manifest's certificate.";

export const LEFTOVER_ACTION =
  'Re-run deploy (the workflow on the default branch): with delete-replaced on, it deletes a certificate of origin-ca that the manifest no longer names and no hostname holds; or name it in the manifest if it is still wanted.';

export function removeAction(certId: string, hostnames: string[]): string {
  const release =
    hostnames.length > 0
      ? `void its associations first (\`PUT …/hostnames\` with \`enabled: null\` for ${hostnames.join(', ')}), then `
      : '';
  return (
    `Remove it: run deploy with \`prune: true\`, or ${release}delete it ` +
    `(\`DELETE …/hostnames/certificates/${certId}\`); or name it in the manifest if it is still wanted.`
  );
}

const RETRY_DELETE_ACTION =
  'Delete it again (`DELETE …/hostnames/certificates/{id}`, or deploy with `prune: true`); if it stays stuck, ask Cloudflare support.';

/** A copy stuck in `deletion_timed_out` is deleted again; one stuck deploying gets `otherwise`. */
export function timedOutFix(
  status: string,
  otherwise: { todo: ScanTodo; action: string },
): { todo: ScanTodo; action: string } {
  return status === 'deletion_timed_out' ? { todo: 'remove', action: RETRY_DELETE_ACTION } : otherwise;
}

export const ZONE_ACCESS_ACTION =
  'Check the zone-id in the manifest and that the api-token can read "SSL and Certificates" on this zone.';
