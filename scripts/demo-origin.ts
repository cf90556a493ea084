/**
 * The origin part of `npm run demo`: a real nginx enforcing mTLS on loopback, the emulator as
 * Cloudflare's edge in front of it, a deploy that proves the origin refuses strangers and accepts
 * the new leaf before pointing a hostname at it (and keeps the expiry alert policy), then nginx
 * flipped to `ssl_verify_client optional` and the scan catching it. Skipped, saying how to install
 * nginx, when it is not installed.
 */
import { request } from 'node:https';
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';
import { fetchThroughEdge, startEdge } from '../test-support/cloudflare/edge.js';
import { JOB_TOKEN, startGitHubEmulator } from '../test-support/github/index.js';
import { installHint, serverAvailability, startOriginServer } from '../test-support/origin/servers.js';
import { makeCA, makeLeaf } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { runAction, type RunResult } from '../test-support/runner.js';

const ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT_ID = '01a7362d577a6c3019a474fd6f485823';
const REPOSITORY = 'acme/edge';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(title: string): void {
  console.log(`\n${'='.repeat(100)}\n${bold(title)}\n${'='.repeat(100)}`);
}

/** The parts of a job summary this section is about: the probes, the alerts, the findings. */
function showOriginParts(result: RunResult): void {
  console.log(`exit code: ${result.exitCode} (${result.exitCode === 0 ? 'step passed' : 'step failed'})`);
  for (const title of ['### Origin probes', '### Expiry alerts', '### Findings']) {
    let start = result.summary.indexOf(title);
    while (start >= 0) {
      const end = result.summary.indexOf('\n### ', start + title.length);
      console.log(`\n${result.summary.slice(start, end < 0 ? undefined : end).trim()}`);
      start = result.summary.indexOf(title, start + title.length);
    }
  }
}

function direct(port: number, hostname: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: hostname,
        headers: { host: hostname },
        rejectUnauthorized: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve(`HTTP ${res.statusCode}: ${/<center>([^<]+)<\/center>/.exec(body)?.[1] ?? body}`),
        );
      },
    );
    req.on('error', (error) => resolve(`refused (${error.message})`));
    req.end();
  });
}

export async function originDemo(): Promise<void> {
  heading('5. The origin: prove it enforces mTLS, gate the association on it, alerts as code, and the scan');
  const nginx = serverAvailability('nginx');
  if (!nginx.available) {
    console.log(
      `nginx is not installed, so this part is skipped. To see it: ${installHint('nginx')} (as root), then npm run demo.`,
    );
    return;
  }
  const ca = await makeCA({ cn: 'Example Origin Pull CA' });
  const leaf = await makeLeaf(ca, { dns: ['app.example.com'] });
  const hostnames = ['app.example.com'];
  const server = await startOriginServer('nginx', { mode: 'on', trustedCaPem: ca.certPem, hostnames });
  const cf = await startCloudflareEmulator({ zones: [ZONE_ID], statusStepMs: 100 });
  const edge = await startEdge(cf, ZONE_ID);
  edge.setOrigin('app.example.com', { address: '127.0.0.1', port: server.port });
  const github = await startGitHubEmulator();
  const repo = github.addRepo(REPOSITORY, { defaultBranch: 'main' });
  const sha = 'd'.repeat(40);
  repo.setBranch('main', sha);
  try {
    console.log(`nginx on 127.0.0.1:${server.port} with the documented lines (docs/origin-setup.md#nginx):`);
    console.log('  ssl_client_certificate <origin-ca>; ssl_verify_client on; ssl_verify_depth 2;');
    const workspace = await makeRepo({
      'pki/rootca.crt': ca.certPem,
      'pki/app.crt': leaf.certPem,
      'aop-certs.yml': `version: 1
zones:
  - zone: example.com
    zone-id: ${ZONE_ID}
    origin-ca: pki/rootca.crt
    origin: { address: 127.0.0.1, port: ${server.port} }
    certificates:
      - name: app
        certificate: pki/app.crt
        private-key: { env: AOP_KEY_APP }
        hostnames: [app.example.com]
alerts:
  account-id: ${ACCOUNT_ID}
  email: [oncall@example.com]
`,
    });
    const common = {
      workspace,
      githubApiUrl: github.url,
      repository: REPOSITORY,
      inputs: {
        'api-token': cf.token,
        'api-url': cf.url,
        'github-token': JOB_TOKEN,
        'verify-origin': 'enforce',
      },
    };

    console.log(
      `\nThrough "Cloudflare" before deploy (no certificate associated yet): ${(await fetchThroughEdge(edge, 'app.example.com')).status}`,
    );
    console.log(
      '\n── deploy (merge): probe (c) with the new leaf before pointing the hostname, (a) and (b) after; the alert policy ──',
    );
    const deploy = await runAction({
      ...common,
      eventName: 'push',
      ref: 'refs/heads/main',
      sha,
      payload: { ref: 'refs/heads/main', after: sha, repository: { default_branch: 'main' } },
      env: { AOP_KEY_APP: leaf.keyPem },
    });
    showOriginParts(deploy);
    const through = await fetchThroughEdge(edge, 'app.example.com');
    console.log(
      `\nThrough "Cloudflare" (the edge presents the associated certificate): HTTP ${through.status}: ${through.body}`,
    );
    console.log(
      `Straight to the origin, without the certificate: ${await direct(server.port, 'app.example.com')}`,
    );
    const [policy] = cf.alerting.policies(ACCOUNT_ID);
    console.log(
      `Notification policy in the account: ${policy?.name} (${policy?.alert_type}, enabled: ${policy?.enabled})`,
    );

    console.log(
      '\n── someone leaves "ssl_verify_client optional;" in the nginx config; the next scheduled scan ──',
    );
    await server.configure({ mode: 'optional', trustedCaPem: ca.certPem, hostnames });
    const scan = await runAction({ ...common, eventName: 'schedule', payload: { schedule: '17 6 * * *' } });
    showOriginParts(scan);
    const issue = repo.issues.find((candidate) => candidate.state === 'open');
    console.log(`\nTracking issue: ${issue ? `#${issue.number} ${issue.title}\n\n${issue.body}` : '(none)'}`);
  } finally {
    await Promise.all([edge.close(), server.close(), cf.close(), github.close()]);
  }
}
