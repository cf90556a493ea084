/**
 * Real web servers on loopback for the origin tests: nginx, Apache, HAProxy and Caddy from
 * Debian's packages, each in a temporary folder with its own config and free ports, and for
 * Traefik (in no Debian archive) Go's crypto/tls configured as Traefik configures it from its
 * snippet (traefik-tls/main.go, built at start with Debian's Go). Their
 * client-certificate lines are the snippets of src/origin/snippets.ts, so docs/origin-setup.md
 * quotes what these servers run. A server is reconfigured in place (reload), not restarted,
 * where it can be, so that one server serves every case of a test file.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PLACEHOLDER, SNIPPETS } from '../../src/origin/snippets.js';
import type { ServerKind } from '../../src/origin/types.js';
import { makeCA, makeLeaf } from '../pki.js';

/** How the server treats client certificates; `on` is the documented snippet as it is. */
export type VerifyMode = 'on' | 'optional' | 'off' | 'optional_no_ca';

export interface OriginConfig {
  mode: VerifyMode;
  /** PEM of the CA(s) the server trusts for client certificates. */
  trustedCaPem: string;
  /** server_name / ServerName; the first is the default. */
  hostnames: string[];
  /** Changes the snippet after the mode's change: a typo, to see what the server makes of it. */
  edit?: (snippet: string) => string;
}

export interface OriginServer {
  kind: ServerKind;
  address: '127.0.0.1';
  port: number;
  /** Writes the config and makes the running server use it; resolves once it does. */
  configure(config: OriginConfig): Promise<void>;
  /** The server's error log so far. */
  errorLog(): Promise<string>;
  close(): Promise<void>;
}

/** Where Debian's golang-gopkg-yaml.v3-dev puts the YAML parser Traefik's file provider uses. */
const GOPATH = '/usr/share/gocode';

const BINARIES: Record<ServerKind, { binary: string; pkg: string; needs?: string[] }> = {
  nginx: { binary: '/usr/sbin/nginx', pkg: 'nginx' },
  apache: { binary: '/usr/sbin/apache2', pkg: 'apache2' },
  haproxy: { binary: '/usr/sbin/haproxy', pkg: 'haproxy' },
  caddy: { binary: '/usr/bin/caddy', pkg: 'caddy' },
  traefik: {
    binary: '/usr/bin/go',
    pkg: 'golang-go golang-gopkg-yaml.v3-dev',
    needs: [path.join(GOPATH, 'src/gopkg.in/yaml.v3')],
  },
};

export type LaunchableServer = keyof typeof BINARIES;

const installed = (kind: LaunchableServer) =>
  [BINARIES[kind].binary, ...(BINARIES[kind].needs ?? [])].every((file) => existsSync(file));

/**
 * Whether this machine has the server. In CI (CI=true) a test must not skip for its absence,
 * except Caddy's where the package archive has no caddy.
 */
export function serverAvailability(kind: LaunchableServer): { available: boolean; skip: string | false } {
  const available = installed(kind);
  const install = `apt-get install -y ${BINARIES[kind].pkg}`;
  if (available) return { available, skip: false };
  if (process.env.CI === 'true') {
    const inArchive =
      kind !== 'caddy' || spawnSync('apt-cache', ['show', 'caddy'], { stdio: 'ignore' }).status === 0;
    return inArchive ? { available, skip: false } : { available, skip: 'caddy is not in this apt archive' };
  }
  return { available, skip: `${kind} is not installed: ${install} (in CI this test fails instead)` };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The documented snippet with the test's paths and the mode under test. */
function snippet(kind: ServerKind, dir: string, config: OriginConfig, port: number): string {
  return (config.edit ?? ((text: string) => text))(modeSnippet(kind, dir, config.mode, port));
}

function modeSnippet(kind: ServerKind, dir: string, mode: VerifyMode, port: number): string {
  const text = SNIPPETS[kind].text
    .replaceAll(PLACEHOLDER.originCa, path.join(dir, 'origin-ca.pem'))
    .replaceAll(PLACEHOLDER.serverCertificate, path.join(dir, 'server.pem'))
    .replaceAll(PLACEHOLDER.serverKey, path.join(dir, 'server.key'))
    .replaceAll(PLACEHOLDER.serverBundle, path.join(dir, 'server-bundle.pem'))
    .replace('bind :443 ', `bind 127.0.0.1:${port} `);
  if (mode === 'on') return text;
  const replacements: Record<ServerKind, Record<Exclude<VerifyMode, 'on'>, [RegExp, string]>> = {
    nginx: {
      optional: [/ssl_verify_client on;/, 'ssl_verify_client optional;'],
      off: [/ssl_verify_client on;/, 'ssl_verify_client off;'],
      optional_no_ca: [/ssl_verify_client on;/, 'ssl_verify_client optional_no_ca;'],
    },
    apache: {
      optional: [/SSLVerifyClient require/, 'SSLVerifyClient optional'],
      off: [/SSLVerifyClient require/, 'SSLVerifyClient none'],
      optional_no_ca: [/SSLVerifyClient require/, 'SSLVerifyClient optional_no_ca'],
    },
    haproxy: {
      optional: [/verify required/, 'verify optional'],
      off: [/verify required/, 'verify none'],
      optional_no_ca: [/verify required/, 'verify optional ca-ignore-err all crt-ignore-err all'],
    },
    caddy: {
      optional: [/require_and_verify/, 'verify_if_given'],
      off: [/require_and_verify/, 'request'],
      optional_no_ca: [/require_and_verify/, 'require'],
    },
    traefik: {
      optional: [/RequireAndVerifyClientCert/, 'VerifyClientCertIfGiven'],
      off: [/RequireAndVerifyClientCert/, 'NoClientCert'],
      optional_no_ca: [/RequireAndVerifyClientCert/, 'RequireAnyClientCert'],
    },
  };
  const [pattern, replacement] = replacements[kind][mode];
  return text.replace(pattern, replacement);
}

interface Run {
  port: number;
  control: number;
  generation: number;
  config: OriginConfig;
}

interface Flavour {
  /** The config file's text. */
  config(dir: string, port: number, control: number, generation: number, config: OriginConfig): string;
  /** The config file's name in the server's folder; server.conf unless said. */
  configFile?: string;
  args(dir: string, run: Run): string[];
  /** Builds the program to run, once per server; undefined: the installed binary. */
  build?(dir: string): Promise<string>;
  /** Signal that makes the running server re-read its config; undefined: restart it. */
  reload?: NodeJS.Signals;
  errorLog: string;
}

const OK_BODY = 'origin ok';

const FLAVOURS: Record<LaunchableServer, Flavour> = {
  nginx: {
    config: (dir, port, control, generation, config) => `
user root;
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${control};
    location / { return 200 "generation ${generation}"; }
  }
  server {
    listen 127.0.0.1:${port} ssl;
    server_name ${config.hostnames.join(' ')};
    ssl_certificate ${dir}/server.pem;
    ssl_certificate_key ${dir}/server.key;
${indent(snippet('nginx', dir, config, port), 4)}
    location / { return 200 "${OK_BODY}"; }
  }
}
`,
    args: (dir) => ['-c', `${dir}/server.conf`, '-p', dir],
    reload: 'SIGHUP',
    errorLog: 'error.log',
  },
  apache: {
    config: (dir, port, control, generation, config) => `
ServerRoot ${dir}
PidFile ${dir}/apache.pid
Mutex file:${dir}
ErrorLog ${dir}/error.log
LogLevel info ssl:info
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
${process.getuid?.() === 0 ? 'User www-data\nGroup www-data' : ''}
ServerName localhost
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
DocumentRoot ${dir}/www
<Directory ${dir}/www>
  Require all granted
</Directory>
DirectoryIndex index.html
Listen 127.0.0.1:${control}
Listen 127.0.0.1:${port}
SSLSessionCache none
<VirtualHost 127.0.0.1:${control}>
  DocumentRoot ${dir}/control-${generation}
  <Directory ${dir}/control-${generation}>
    Require all granted
  </Directory>
</VirtualHost>
<VirtualHost 127.0.0.1:${port}>
  ServerName ${config.hostnames[0]}
  ${config.hostnames.length > 1 ? `ServerAlias ${config.hostnames.slice(1).join(' ')}` : ''}
  SSLEngine on
  SSLCertificateFile ${dir}/server.pem
  SSLCertificateKeyFile ${dir}/server.key
${indent(snippet('apache', dir, config, port), 2)}
</VirtualHost>
`,
    args: (dir) => ['-f', `${dir}/server.conf`, '-d', dir, '-DFOREGROUND'],
    reload: 'SIGUSR1',
    errorLog: 'error.log',
  },
  haproxy: {
    config: (dir, port, control, generation, config) => `
global
  log stderr format short local0 info
defaults
  mode http
  log global
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend control
  bind 127.0.0.1:${control}
  http-request return status 200 content-type text/plain string "generation ${generation}"
frontend origin
  ${snippet('haproxy', dir, config, port)}
  http-request return status 200 content-type text/plain string "${OK_BODY}"
`,
    args: (dir) => ['-W', '-db', '-f', `${dir}/server.conf`],
    reload: 'SIGUSR2',
    errorLog: 'stderr.log',
  },
  caddy: {
    config: (dir, port, control, generation, config) => `
{
	admin off
	auto_https off
	storage file_system ${dir}/data
}
http://127.0.0.1:${control} {
	bind 127.0.0.1
	respond "generation ${generation}"
}
https://${config.hostnames[0]}:${port}${config.hostnames
      .slice(1)
      .map((hostname) => `, https://${hostname}:${port}`)
      .join('')} {
	bind 127.0.0.1
${indent(snippet('caddy', dir, config, port), 1, '\t')}
	respond "${OK_BODY}" 200
}
`,
    args: (dir) => ['run', '--config', `${dir}/server.conf`, '--adapter', 'caddyfile'],
    errorLog: 'stderr.log',
  },
  // The snippet is the whole dynamic configuration file; the router that uses its options
  // (`tls.options: aop@file`, a Host rule per hostname) and the server's certificate are given
  // on the command line, since the stand-in models Traefik's TLS, not its routing.
  traefik: {
    config: (dir, port, _control, _generation, config) => `${snippet('traefik', dir, config, port)}\n`,
    configFile: 'dynamic.yml',
    args: (dir, run) => [
      '-dynamic',
      `${dir}/dynamic.yml`,
      '-options',
      'aop',
      '-hosts',
      run.config.hostnames.join(','),
      '-listen',
      `127.0.0.1:${run.port}`,
      '-control',
      `127.0.0.1:${run.control}`,
      '-generation',
      String(run.generation),
      '-cert',
      `${dir}/server.pem`,
      '-key',
      `${dir}/server.key`,
      '-body',
      OK_BODY,
    ],
    build: buildTraefikStandIn,
    errorLog: 'stderr.log',
  },
};

/**
 * Builds traefik-tls offline: GOPATH mode against Debian's Go packages, a build cache in the
 * server's folder, no module proxy, and no cgo (Traefik's releases are static; no C compiler needed).
 */
async function buildTraefikStandIn(dir: string): Promise<string> {
  const output = path.join(dir, 'traefik-tls');
  const source = fileURLToPath(new URL('traefik-tls/main.go', import.meta.url));
  try {
    await promisify(execFile)(BINARIES.traefik.binary, ['build', '-o', output, source], {
      env: {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH,
        GOCACHE: path.join(dir, 'gocache'),
        GOFLAGS: '',
        GOPROXY: 'off',
        CGO_ENABLED: '0',
        HOME: dir,
      },
    });
  } catch (error) {
    throw new Error(
      `building the Traefik stand-in failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
    );
  }
  return output;
}

function indent(text: string, depth: number, unit = ' '): string {
  return text
    .split('\n')
    .map((line) => `${unit.repeat(depth)}${line}`)
    .join('\n');
}

/** A server certificate for the origin's own TLS side (the probe does not check it). */
async function serverCertificate(hostnames: string[]): Promise<{ certPem: string; keyPem: string }> {
  const ca = await makeCA({ cn: 'Test origin server CA' });
  const leaf = await makeLeaf(ca, { dns: hostnames, eku: ['serverAuth'] });
  return { certPem: leaf.certPem, keyPem: leaf.keyPem };
}

async function waitForGeneration(
  control: number,
  generation: number,
  child: ChildProcess,
  log: () => Promise<string>,
) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${await log()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${control}/`);
      const text = await response.text();
      if (text.includes(`generation ${generation}`)) {
        // Workers of the previous generation finish their connections and stop accepting.
        await delay(150);
        return;
      }
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new Error(`the server did not take generation ${generation} within 15 s:\n${await log()}`);
}

export async function startOriginServer(kind: LaunchableServer, config: OriginConfig): Promise<OriginServer> {
  if (!installed(kind)) {
    throw new Error(
      `${kind} is not installed (${[BINARIES[kind].binary, ...(BINARIES[kind].needs ?? [])].join(', ')}): run "apt-get install -y ${BINARIES[kind].pkg}" (.ci/run does it in CI).`,
    );
  }
  const flavour = FLAVOURS[kind];
  const dir = await mkdtemp(path.join(tmpdir(), `aop-origin-${kind}-`));
  // Apache's children run as www-data and must read the document roots (the keys stay 0600).
  await chmod(dir, 0o755);
  for (const sub of ['tmp', 'www', 'data']) await mkdir(path.join(dir, sub), { recursive: true });
  await writeFile(path.join(dir, 'www', 'index.html'), OK_BODY);
  const [port, control] = [await freePort(), await freePort()];
  const server = await serverCertificate(config.hostnames);
  await writeFile(path.join(dir, 'server.pem'), server.certPem);
  await writeFile(path.join(dir, 'server.key'), server.keyPem, { mode: 0o600 });
  await writeFile(path.join(dir, 'server-bundle.pem'), server.certPem + server.keyPem, { mode: 0o600 });
  let generation = 0;
  let current = config;
  let stderr = '';
  let child: ChildProcess | undefined;
  const log = async () => {
    const file = path.join(dir, flavour.errorLog);
    const fromFile = existsSync(file) ? await readFile(file, 'utf8') : '';
    return `${fromFile}${flavour.errorLog === 'stderr.log' ? stderr : ''}`;
  };
  const write = async (next: OriginConfig) => {
    generation += 1;
    current = next;
    await mkdir(path.join(dir, `control-${generation}`), { recursive: true });
    await writeFile(path.join(dir, `control-${generation}`, 'index.html'), `generation ${generation}`);
    await writeFile(path.join(dir, 'origin-ca.pem'), next.trustedCaPem);
    await writeFile(
      path.join(dir, flavour.configFile ?? 'server.conf'),
      flavour.config(dir, port, control, generation, next),
    );
  };
  const executable = flavour.build ? await flavour.build(dir) : BINARIES[kind].binary;
  const launch = async () => {
    stderr = '';
    child = spawn(executable, flavour.args(dir, { port, control, generation, config: current }), {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: dir },
    });
    child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, delay(5_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  await write(config);
  await launch();
  await waitForGeneration(control, generation, child!, log);
  return {
    kind,
    address: '127.0.0.1',
    port,
    async configure(next) {
      await write(next);
      if (flavour.reload && child && child.exitCode === null) {
        child.kill(flavour.reload);
      } else {
        await stop();
        await launch();
      }
      await waitForGeneration(control, generation, child!, log);
    },
    errorLog: log,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How to install a server, for messages (the demo's). */
export function installHint(kind: LaunchableServer): string {
  return `apt-get install -y ${BINARIES[kind].pkg}`;
}
