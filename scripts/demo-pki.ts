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
import { DEMO_MANIFEST, demoExtFile as extfile } from './demo-repository.js';

const MANIFEST = `# yaml-language-server: $schema=../../schemas/manifest.schema.json\n${DEMO_MANIFEST}`;

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
