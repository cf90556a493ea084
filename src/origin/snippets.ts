/**
 * The origin configuration that trusts origin-ca and enforces it, per web server. The test
 * servers run these exact lines (test-support/origin), and docs/origin-setup.md quotes them: a
 * test keeps the three equal. Paths are placeholders a user replaces with their own.
 */
import type { ServerKind } from './types.js';

export const PLACEHOLDER = {
  originCa: '/etc/ssl/aop/origin-ca.pem',
  serverCertificate: '/etc/ssl/aop/server.pem',
  serverKey: '/etc/ssl/aop/server.key',
  /** HAProxy wants the server's certificate and key in one file. */
  serverBundle: '/etc/ssl/aop/server-bundle.pem',
} as const;

export const SNIPPETS: Record<ServerKind, { where: string; text: string }> = {
  nginx: {
    where: 'in the `server { listen 443 ssl; … }` block of each proxied hostname',
    text: [
      `ssl_client_certificate ${PLACEHOLDER.originCa};`,
      'ssl_verify_client on;',
      'ssl_verify_depth 2;',
    ].join('\n'),
  },
  apache: {
    where: 'in the `<VirtualHost *:443>` of each proxied hostname (mod_ssl)',
    text: [
      `SSLCACertificateFile ${PLACEHOLDER.originCa}`,
      'SSLVerifyClient require',
      'SSLVerifyDepth 2',
    ].join('\n'),
  },
  haproxy: {
    where: 'on the `bind` line of the frontend that receives Cloudflare’s connections',
    text: `bind :443 ssl crt ${PLACEHOLDER.serverBundle} ca-file ${PLACEHOLDER.originCa} verify required`,
  },
  caddy: {
    where: 'in the site block of each proxied hostname (Caddyfile)',
    text: [
      `tls ${PLACEHOLDER.serverCertificate} ${PLACEHOLDER.serverKey} {`,
      '\tclient_auth {',
      '\t\tmode require_and_verify',
      `\t\ttrusted_ca_cert_file ${PLACEHOLDER.originCa}`,
      '\t}',
      '}',
    ].join('\n'),
  },
  traefik: {
    where: 'in a dynamic configuration file, then `tls.options: aop@file` on each router',
    text: [
      'tls:',
      '  options:',
      '    aop:',
      '      clientAuth:',
      `        caFiles: [${PLACEHOLDER.originCa}]`,
      '        clientAuthType: RequireAndVerifyClientCert',
    ].join('\n'),
  },
};

const NAMES: Record<ServerKind, string> = {
  nginx: 'nginx',
  apache: 'Apache',
  haproxy: 'HAProxy',
  caddy: 'Caddy',
  traefik: 'Traefik',
};

/** The fix for a server that answered: its snippet on one line, and where the docs have the rest. */
export function snippetFix(server: ServerKind | undefined, originCaFile: string): string {
  const anchor = 'docs/origin-setup.md';
  if (!server) {
    return `Configure the origin to require a client certificate issued by origin-ca (${originCaFile}): ${anchor} has tested snippets for nginx, Apache, HAProxy, Caddy and Traefik.`;
  }
  const snippet = SNIPPETS[server];
  const oneLine = snippet.text
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .replaceAll(PLACEHOLDER.originCa, originCaFile);
  return `${NAMES[server]} answered: ${snippet.where}, write \`${oneLine}\` (with ${originCaFile} copied to the origin; ${anchor}#${server}).`;
}
