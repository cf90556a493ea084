/** A repository, a Cloudflare emulator and a GitHub emulator, wired for deploy runs of the bundle. */
import { startCloudflareEmulator, type EmulatorOptions } from '../test-support/cloudflare/emulator.js';
import {
  JOB_TOKEN,
  startGitHubEmulator,
  type GitHubEmulator,
  type RepoState,
} from '../test-support/github/index.js';
import { makeRepo, writeFiles } from '../test-support/repo.js';
import { runAction, type RunOptions, type RunResult } from '../test-support/runner.js';
import type { Issued } from '../test-support/pki.js';

export const ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
export const REPOSITORY = 'acme/edge';

type CloudflareEmulator = Awaited<ReturnType<typeof startCloudflareEmulator>>;

export interface CertificateSpec {
  name: string;
  leaf: Issued;
  hostnames: string[];
}

export interface DeployWorld {
  cf: CloudflareEmulator;
  github: GitHubEmulator;
  repoState: RepoState;
  workspace: string;
  /** Writes the manifest and files for these certificates (keys go to the environment). */
  commit(ca: Issued, certificates: CertificateSpec[], zoneExtra?: string): Promise<void>;
  /** Writes these files as a new commit, with these variables in the job's environment. */
  commitFiles(files: Record<string, string>, env?: Record<string, string>): Promise<void>;
  /** Runs the bundle as a pull request's check against the same emulators. */
  check(inputs?: Record<string, string>): Promise<RunResult>;
  deploy(inputs?: Record<string, string>, sha?: string, onSpawn?: RunOptions['onSpawn']): Promise<RunResult>;
  close(): Promise<void>;
}

function keyVariable(name: string): string {
  return `AOP_KEY_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export async function deployWorld(emulator: EmulatorOptions = {}): Promise<DeployWorld> {
  const cf = await startCloudflareEmulator({ zones: [ZONE_ID], statusStepMs: 60, ...emulator });
  const github = await startGitHubEmulator();
  const repoState = github.addRepo(REPOSITORY, { defaultBranch: 'main' });
  const workspace = await makeRepo({});
  const env: Record<string, string> = {};
  let commits = 0;
  let head = '';
  const advanceHead = () => {
    commits += 1;
    head = commits.toString(16).padStart(40, 'c');
    repoState.setBranch('main', head);
  };
  return {
    cf,
    github,
    repoState,
    workspace,
    async commit(ca, certificates, zoneExtra = '') {
      const entries = certificates
        .map(
          (spec) =>
            `      - name: ${spec.name}\n        certificate: pki/${spec.name}.crt\n        private-key:\n          env: ${keyVariable(spec.name)}\n        hostnames: [${spec.hostnames.join(', ')}]\n`,
        )
        .join('');
      const files: Record<string, string> = {
        'aop-certs.yml': `version: 1\nzones:\n  - zone: example.com\n    zone-id: ${ZONE_ID}\n    origin-ca: pki/rootca.crt\n${zoneExtra}    certificates:\n${entries}`,
        'pki/rootca.crt': ca.certPem,
      };
      for (const spec of certificates) {
        files[`pki/${spec.name}.crt`] = spec.leaf.certPem;
        env[keyVariable(spec.name)] = spec.leaf.keyPem;
      }
      await writeFiles(workspace, files);
      advanceHead();
    },
    async commitFiles(files, extraEnv = {}) {
      await writeFiles(workspace, files);
      Object.assign(env, extraEnv);
      advanceHead();
    },
    check(inputs = {}) {
      return runAction({
        workspace,
        eventName: 'pull_request',
        repository: REPOSITORY,
        githubApiUrl: github.url,
        payload: { number: 1, pull_request: { number: 1, head: { sha: head }, base: { ref: 'main' } } },
        inputs: {
          'api-token': cf.token,
          'api-url': cf.url,
          'github-token': JOB_TOKEN,
          comment: 'false',
          ...inputs,
        },
      });
    },
    async deploy(inputs = {}, sha = head, onSpawn) {
      const result = await runAction({
        ...(onSpawn ? { onSpawn } : {}),
        workspace,
        eventName: 'push',
        ref: 'refs/heads/main',
        sha,
        repository: REPOSITORY,
        githubApiUrl: github.url,
        payload: { ref: 'refs/heads/main', after: sha, repository: { default_branch: 'main' } },
        inputs: {
          'api-token': cf.token,
          'api-url': cf.url,
          'github-token': JOB_TOKEN,
          'wait-active-seconds': '20',
          // Looking up the merged PR waits out GitHub's lag when there is none: only its own test needs it.
          comment: 'false',
          ...inputs,
        },
        env,
      });
      await cf.settled();
      return result;
    },
    async close() {
      await Promise.all([cf.close(), github.close()]);
    },
  };
}
