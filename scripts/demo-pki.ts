/**
 * `npm run demo:pki [-- <folder>]`: writes the demo's repository (manifest, origin CA, two leaves
 * and their cert.v3.ext, made with the seed's openssl recipe) to a folder that stays, by default
 * .local/demo, so `npm run local` and your own experiments have a PKI to check. No private key is
 * written there: the CA's and the leaves' keys stay in a temporary folder that is removed.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFiles } from '../test-support/repo.js';
import { makeSeedPki } from '../test-support/seed-recipe.js';

const DEMO_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';

const extfile = (...hostnames: string[]) => `authorityKeyIdentifier=keyid,issuer
basicConstraints=CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = @alt_names

[alt_names]
${hostnames.map((hostname, index) => `DNS.${index + 1} = ${hostname}`).join('\n')}
`;

const MANIFEST = `# yaml-language-server: $schema=../../schemas/manifest.schema.json
version: 1
zones:
  - zone: example.com
    zone-id: ${DEMO_ZONE_ID}
    origin-ca: pki/rootca.crt
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        private-key:
          env: AOP_KEY_APP
        hostnames: [app.example.com, www.example.com]
      - name: api
        certificate: pki/api/cert.crt
        extensions: pki/api/cert.v3.ext
        private-key:
          env: AOP_KEY_API
        hostnames: [api.example.com]
`;

const folder = path.resolve(process.argv[2] ?? '.local/demo');
// 2048-bit keys: the same recipe as the demo, a few seconds faster.
const pki = await makeSeedPki({ bits: 2048 });
try {
  const app = await pki.leaf({
    name: 'app',
    cn: 'app.example.com',
    extfile: extfile('app.example.com', 'www.example.com'),
  });
  // 21 days left: inside warn-days, so a check shows what an expiring certificate looks like.
  const api = await pki.leaf({
    name: 'api',
    cn: 'api.example.com',
    extfile: extfile('api.example.com'),
    days: 21,
  });
  await rm(folder, { recursive: true, force: true });
  await writeFiles(folder, {
    'aop-certs.yml': MANIFEST,
    'pki/rootca.crt': await pki.file('rootca.crt'),
    'pki/app/cert.crt': app.certPem,
    'pki/app/cert.v3.ext': app.extfile,
    'pki/api/cert.crt': api.certPem,
    'pki/api/cert.v3.ext': api.extfile,
  });
} finally {
  await rm(pki.folder, { recursive: true, force: true });
}
console.log(`The demo's repository is in ${path.relative(process.cwd(), folder) || '.'} (no private keys).`);
