/**
 * `npm run demo`: the mission on this machine, with no credentials and no network. It makes a PKI
 * with the seed's openssl recipe, starts a Cloudflare and a GitHub emulator on loopback, and runs
 * the bundled action (dist/index.js) as GitHub would: on a pull request (first with the mistakes
 * people make by hand, then fixed), on the merge, and on the schedule. It prints what a user sees:
 * annotations, the PR comments, the job summary, the outputs, the tracking issue and the zone.
 */
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';
import { filesOfCommit, pullBody } from '../test-support/github/git-data.js';
import { JOB_TOKEN, startGitHubEmulator, type RepoState } from '../test-support/github/index.js';
import { makeRepo, writeFiles } from '../test-support/repo.js';
import { runAction, type RunResult } from '../test-support/runner.js';
import { makeSeedPki } from '../test-support/seed-recipe.js';
import { originDemo } from './demo-origin.js';
import { DEMO_MANIFEST, DEMO_ZONE_ID as ZONE_ID, demoExtFile as extfile } from './demo-repository.js';

const REPOSITORY = 'acme/edge';
const PR = 7;

const SERVER_ONLY_EXTFILE = `basicConstraints=CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
`;

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const rule = '='.repeat(100);

function heading(title: string): void {
  console.log(`\n${rule}\n${bold(title)}\n${rule}`);
}

function section(title: string, body: string): void {
  console.log(`\n${bold(`── ${title} ──`)}\n${body.trim()}`);
}

function show(result: RunResult, extra: Record<string, string> = {}): void {
  console.log(`exit code: ${result.exitCode} (${result.exitCode === 0 ? 'step passed' : 'step failed'})`);
  section(
    'Annotations (as GitHub shows them on the files)',
    result.annotations
      .map((annotation) => {
        const where = annotation.properties.file
          ? [annotation.properties.file, annotation.properties.line].filter(Boolean).join(':')
          : '(step)';
        return `${annotation.level.padEnd(7)} ${where.padEnd(24)} ${annotation.message}`;
      })
      .join('\n') || '(none)',
  );
  for (const [title, body] of Object.entries(extra)) section(title, body);
  section('Job summary (Markdown)', result.summary);
  section(
    'Outputs',
    Object.entries(result.outputs)
      .map(
        ([name, value]) =>
          `${name}: ${value.length > 400 ? `${value.slice(0, 400)}… (${value.length} characters)` : value}`,
      )
      .join('\n'),
  );
}

async function main(): Promise<void> {
  console.log(
    'Making a PKI with the seed recipe (openssl genrsa -aes256 … 4096, req -x509, x509 -req -extfile)…',
  );
  const pki = await makeSeedPki();
  const app = await pki.leaf({
    name: 'app',
    cn: 'app.example.com',
    extfile: extfile('app.example.com', 'www.example.com'),
  });
  const api = await pki.leaf({
    name: 'api',
    cn: 'api.example.com',
    extfile: extfile('api.example.com'),
    days: 21,
  });
  const rootCa = await pki.file('rootca.crt');
  console.log(`PKI in ${pki.folder}; rootca.key stays there: a CA key never enters the repository.`);

  const cf = await startCloudflareEmulator({ zones: [ZONE_ID], statusStepMs: 100 });
  const github = await startGitHubEmulator();
  const repo = github.addRepo(REPOSITORY, { defaultBranch: 'main' });
  repo.addPullRequest({ number: PR, head: { ref: 'aop-certs', sha: 'b'.repeat(40) }, base: { ref: 'main' } });
  console.log(
    `Cloudflare emulator: ${cf.url} (zone ${ZONE_ID}); GitHub emulator: ${github.url} (${REPOSITORY}, PR #${PR}).`,
  );

  const manifest = DEMO_MANIFEST;
  const good = {
    'aop-certs.yml': manifest,
    'pki/rootca.crt': rootCa,
    'pki/app/cert.crt': app.certPem,
    'pki/app/cert.v3.ext': app.extfile,
    'pki/api/cert.crt': api.certPem,
    'pki/api/cert.v3.ext': api.extfile,
  };
  const serverOnly = await pki.leaf({ name: 'api-bad', cn: 'api.example.com', extfile: SERVER_ONLY_EXTFILE });
  const workspace = await makeRepo({
    ...good,
    'aop-certs.yml': `${manifest}      - name: ca-as-leaf\n        certificate: pki/rootca.crt\n        hostnames: [origin.example.org]\n`,
    'pki/api/cert.crt': serverOnly.certPem,
    'pki/api/cert.v3.ext': serverOnly.extfile,
    'pki/app/cert.key': app.keyPem,
  });

  const github_ = { githubApiUrl: github.url, repository: REPOSITORY };
  const cloudflare = { 'api-url': cf.url, 'github-token': JOB_TOKEN };
  const prComment = () =>
    repo.commentsOn(PR).find((comment) => comment.body.includes('<!-- aop-certs:check'))?.body ??
    '(no comment)';
  const pullRequestRun = () =>
    runAction({
      workspace,
      ...github_,
      eventName: 'pull_request',
      payload: {
        number: PR,
        pull_request: { number: PR, head: { sha: 'b'.repeat(40) }, base: { ref: 'main' } },
      },
      // A PR job gets a read-only Cloudflare token for the plan, and no keys.
      inputs: { ...cloudflare, 'api-token': cf.token },
    });

  heading(
    '1. Pull request with the usual mistakes: serverAuth-only EKU, the CA as a leaf, a committed key, a hostname outside its zone',
  );
  show(await pullRequestRun(), { [`PR #${PR} comment`]: prComment() });

  heading('2. The same pull request, fixed: the sticky comment is updated in place, with the plan');
  await writeFiles(workspace, good);
  const { rm } = await import('node:fs/promises');
  await rm(`${workspace}/pki/app/cert.key`);
  show(await pullRequestRun(), {
    [`PR #${PR} comment (${repo.commentsOn(PR).length} comment on the PR)`]: prComment(),
  });

  heading('3. Merge: deploy uploads, waits until active, associates, verifies; the merged PR gets the IDs');
  const mergeSha = 'c'.repeat(40);
  repo.setBranch('main', mergeSha);
  repo.pullRequests.find((pull) => pull.number === PR)!.mergeCommitSha = mergeSha;
  const deploy = await runAction({
    workspace,
    ...github_,
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: mergeSha,
    payload: { ref: 'refs/heads/main', after: mergeSha, repository: { default_branch: 'main' } },
    inputs: { ...cloudflare, 'api-token': cf.token },
    env: { AOP_KEY_APP: app.keyPem, AOP_KEY_API: api.keyPem },
  });
  const deployComment = repo.commentsOn(PR).find((comment) => comment.body.includes('<!-- aop-certs:deploy'));
  show(deploy, { [`Comment on merged PR #${PR}`]: deployComment?.body ?? '(none)' });

  heading(
    '4. Schedule: scan reads what Cloudflare serves; api expires in 21 days, so a tracking issue opens',
  );
  const scan = await runAction({
    workspace,
    ...github_,
    eventName: 'schedule',
    payload: { schedule: '17 6 * * *' },
    inputs: { ...cloudflare, 'api-token': cf.token },
  });
  const issue = repo.issues.find((candidate) => candidate.body.includes('<!-- aop-certs:scan'));
  show(scan, {
    'Tracking issue': issue ? `#${issue.number} ${issue.title} [${issue.state}]\n\n${issue.body}` : '(none)',
  });

  heading('Final state of the zone in Cloudflare');
  for (const certificate of cf.certificates(ZONE_ID)) {
    console.log(
      `${certificate.id}  ${certificate.status.padEnd(8)}  expires ${certificate.expiresOn}  serves ${certificate.hostnames.join(', ')}`,
    );
  }
  console.log(
    `\n${cf.requestLog.length} requests reached Cloudflare, ${cf.writeCount()} of them writes; invariant violations: ${cf.invariantViolations().length}.`,
  );
  // The origin part runs its own small world; the renewal PR closes the demo.
  await originDemo();
  await renewalPullRequest({
    workspace,
    manifest,
    pki,
    repo,
    cf,
    github,
    run: { ...github_, ...cloudflare },
  });
  await Promise.all([cf.close(), github.close()]);
}

await main();

interface DemoWorld {
  workspace: string;
  manifest: string;
  pki: Awaited<ReturnType<typeof makeSeedPki>>;
  repo: RepoState;
  cf: Awaited<ReturnType<typeof startCloudflareEmulator>>;
  github: Awaited<ReturnType<typeof startGitHubEmulator>>;
  run: { githubApiUrl: string; repository: string; 'api-url': string; 'github-token': string };
}

/** 6. The zone gains `renew:`; a scheduled `renew` proposes api's successor in one pull request. */
async function renewalPullRequest(world: DemoWorld): Promise<void> {
  heading(
    '6. Renewal: the zone gains renew:, and a scheduled run proposes the successor of api in a pull request',
  );
  const withRenew = world.manifest.replace(
    '    origin-ca: pki/rootca.crt\n',
    '    origin-ca: pki/rootca.crt\n    renew:\n      ca-key-env: AOP_CA_KEY\n      ca-passphrase-env: AOP_CA_PASSPHRASE\n',
  );
  await writeFiles(world.workspace, { 'aop-certs.yml': withRenew });
  const { githubApiUrl, repository, ...inputs } = world.run;
  const renew = await runAction({
    workspace: world.workspace,
    githubApiUrl,
    repository,
    eventName: 'schedule',
    payload: { schedule: '23 6 * * 1' },
    inputs: { ...inputs, command: 'renew', 'api-token': world.cf.token },
    // The CA key comes from a secret, in memory only; api's key stays in its own secret (same public key).
    env: { AOP_CA_KEY: await world.pki.file('rootca.key'), AOP_CA_PASSPHRASE: world.pki.caPassphrase },
  });
  const pull = world.repo.pullRequests.find((candidate) => candidate.head.ref === 'aop-certs/renew');
  show(renew, {
    'Renewal pull request': pull
      ? `#${pull.number} ${pull.title} (${pull.head.ref} → ${pull.base.ref})\n\n${pullBody(world.repo, pull.number) ?? ''}`
      : '(none)',
    'Files in its commit': pull ? Object.keys(filesOfCommit(world.repo, pull.head.sha)).join('\n') : '(none)',
  });
}
