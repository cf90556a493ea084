/**
 * `npm run demo`: the mission on this machine, with no credentials and no network. It makes a
 * PKI with the seed's openssl recipe, commits it to a throwaway repository with a manifest,
 * and runs the bundled action (dist/index.js) as a pull request would: once clean, once with
 * the mistakes people make by hand.
 */
import { makeRepo } from '../test-support/repo.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { makeSeedPki } from '../test-support/seed-recipe.js';

const RECOMMENDED_EXTFILE = `authorityKeyIdentifier=keyid,issuer
basicConstraints=CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = @alt_names

[alt_names]
DNS.1 = app.example.com
DNS.2 = www.example.com
`;

const SERVER_ONLY_EXTFILE = `basicConstraints=CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
`;

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function show(title: string, result: RunResult): void {
  console.log(`\n${'='.repeat(100)}\n${bold(title)}\n${'='.repeat(100)}`);
  console.log(`exit code: ${result.exitCode} (${result.exitCode === 0 ? 'step passed' : 'step failed'})`);
  console.log(`\n${bold('Annotations')} (as GitHub shows them on the files):`);
  for (const annotation of result.annotations) {
    const where = annotation.properties.file
      ? `${annotation.properties.file}:${annotation.properties.line ?? ''}`
      : '(no file)';
    console.log(`  ${annotation.level.padEnd(7)} ${where.padEnd(28)} ${annotation.message}`);
  }
  console.log(`\n${bold('Job summary')} (Markdown):\n`);
  console.log(result.summary.trim());
  console.log(`\n${bold('Outputs')}:`);
  for (const [name, value] of Object.entries(result.outputs)) {
    console.log(
      `  ${name}: ${value.length > 300 ? `${value.slice(0, 300)}… (${value.length} characters)` : value}`,
    );
  }
}

const pullRequest = { number: 7, pull_request: { number: 7, base: { sha: '0'.repeat(40), ref: 'main' } } };

async function main(): Promise<void> {
  console.log(
    'Making a PKI with the seed recipe (openssl genrsa -aes256 … 4096, req -x509, x509 -req -extfile)…',
  );
  const pki = await makeSeedPki();
  const app = await pki.leaf({ name: 'app', cn: 'app.example.com', extfile: RECOMMENDED_EXTFILE });
  const rootCa = await pki.file('rootca.crt');
  console.log(`PKI in ${pki.folder}: rootca.key stays there (a CA key never enters the repository).`);

  const manifest = `version: 1
zones:
  - zone: example.com
    zone-id: 023e105f4ecef8ad9ca31a8372d0c353
    origin-ca: pki/rootca.crt
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        private-key:
          env: AOP_KEY_APP
        hostnames: [app.example.com, www.example.com]
`;
  const clean = await makeRepo({
    'aop-certs.yml': manifest,
    'pki/rootca.crt': rootCa,
    'pki/app/cert.crt': app.certPem,
    'pki/app/cert.v3.ext': app.extfile,
  });
  show(
    '1. Pull request, clean: the seed recipe done right (PR jobs get no keys)',
    await runAction({ workspace: clean, eventName: 'pull_request', payload: pullRequest }),
  );

  const api = await pki.leaf({ name: 'api', cn: 'api.example.com', extfile: SERVER_ONLY_EXTFILE });
  const soon = await pki.leaf({ name: 'soon', cn: 'soon.example.com', days: 7 });
  const mistakes = await makeRepo({
    'aop-certs.yml': `${manifest}      - name: api
        certificate: pki/api/cert.crt
        extensions: pki/api/cert.v3.ext
        hostnames: [api.example.com]
      - name: ca-as-leaf
        certificate: pki/rootca.crt
        hostnames: [origin.example.com]
      - name: soon
        certificate: pki/soon/cert.crt
        hostnames: [soon.example.org]
`,
    'pki/rootca.crt': rootCa,
    'pki/app/cert.crt': app.certPem,
    'pki/app/cert.v3.ext': app.extfile,
    'pki/app/cert.key': app.keyPem,
    'pki/api/cert.crt': api.certPem,
    'pki/api/cert.v3.ext': api.extfile,
    'pki/soon/cert.crt': soon.certPem,
  });
  show(
    '2. Pull request with mistakes: serverAuth-only EKU, the CA as a leaf, a committed key, 7 days left, a hostname outside its zone',
    await runAction({ workspace: mistakes, eventName: 'pull_request', payload: pullRequest }),
  );
}

await main();
