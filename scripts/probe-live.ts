/**
 * `npm run probe:live`: asks a real, throwaway zone the few questions no source answers about the
 * per-hostname AOP API (docs/cloudflare-api.md, "Unknowns"), and writes the raw answers as a
 * Markdown report a user can attach to an issue. Opt-in: without AOP_LIVE_ZONE_ID and
 * AOP_LIVE_API_TOKEN it says why and does nothing.
 *
 * Environment: AOP_LIVE_ZONE_ID, AOP_LIVE_API_TOKEN (SSL and Certificates Write on that zone),
 * AOP_LIVE_HOSTNAME (optional: a hostname of the zone that no one uses; adds the association
 * questions), AOP_LIVE_API_URL (default Cloudflare's), AOP_PROBE_REPORT (default
 * probe-live-report.md), AOP_PROBE_READS_AT (seconds after a void or delete to read again; default
 * 0,30,120), AOP_PROBE_ACTIVE_TIMEOUT (seconds to wait for `active`; default 600).
 *
 * Everything it creates is voided and deleted at the end, even when a question fails.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { certificateSha256 } from '../src/cloudflare/normalize.js';
import { makeCA, makeLeaf } from '../test-support/pki.js';

interface Answer {
  step: string;
  request: string;
  status: number | 'no answer';
  codes: string;
  ratelimit: string;
  ms: number;
  body: unknown;
}

interface Config {
  zoneId: string;
  token: string;
  hostname: string;
  apiUrl: string;
  reportPath: string;
  readsAt: number[];
  activeTimeoutMs: number;
}

const env = process.env;

function configFromEnvironment(): Config | string {
  const zoneId = env.AOP_LIVE_ZONE_ID ?? '';
  const token = env.AOP_LIVE_API_TOKEN ?? '';
  const missing = [zoneId ? '' : 'AOP_LIVE_ZONE_ID', token ? '' : 'AOP_LIVE_API_TOKEN'].filter(Boolean);
  if (missing.length > 0) {
    return `probe:live skipped: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. Set AOP_LIVE_ZONE_ID (a throwaway zone) and AOP_LIVE_API_TOKEN (a token with "SSL and Certificates Write" on it), optionally AOP_LIVE_HOSTNAME (an unused hostname of the zone), then re-run.`;
  }
  return {
    zoneId,
    token,
    hostname: (env.AOP_LIVE_HOSTNAME ?? '').toLowerCase(),
    apiUrl: (env.AOP_LIVE_API_URL || 'https://api.cloudflare.com/client/v4').replace(/\/+$/, ''),
    reportPath: env.AOP_PROBE_REPORT || 'probe-live-report.md',
    readsAt: (env.AOP_PROBE_READS_AT || '0,30,120').split(',').map(Number).filter(Number.isFinite),
    activeTimeoutMs: Number(env.AOP_PROBE_ACTIVE_TIMEOUT || 600) * 1000,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PEMs are public but long: the report keeps their first line only. */
function shorten(value: unknown): unknown {
  if (typeof value === 'string' && value.includes('-----BEGIN'))
    return `${value.slice(0, 40)}… (PEM, shortened)`;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shorten(inner)]));
  }
  return value;
}

class Probe {
  readonly answers: Answer[] = [];
  readonly findings: [string, string][] = [];
  private readonly zonePath: string;

  constructor(readonly config: Config) {
    this.zonePath = `/zones/${encodeURIComponent(config.zoneId)}`;
  }

  async call(
    step: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number | 'no answer'; json: Record<string, unknown> }> {
    const started = Date.now();
    const request = `${method} ${path.replace(this.config.zoneId, '{zone}')}`;
    try {
      const response = await fetch(`${this.config.apiUrl}${this.zonePath}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { unparsed: text.slice(0, 200) };
      }
      const errors = Array.isArray(json.errors)
        ? (json.errors as { code?: unknown; message?: unknown }[])
        : [];
      this.answers.push({
        step,
        request,
        status: response.status,
        codes: errors.map((e) => `${String(e.code)} ${String(e.message)}`).join('; '),
        ratelimit: [response.headers.get('ratelimit'), response.headers.get('ratelimit-policy')]
          .filter(Boolean)
          .join(' / '),
        ms: Date.now() - started,
        body: shorten(json),
      });
      return { status: response.status, json };
    } catch (error) {
      this.answers.push({
        step,
        request,
        status: 'no answer',
        codes: (error as Error).message.replaceAll(this.config.token, '***'),
        ratelimit: '',
        ms: Date.now() - started,
        body: null,
      });
      return { status: 'no answer', json: {} };
    }
  }

  found(question: string, answer: string): void {
    this.findings.push([question, answer]);
    console.log(`${question}: ${answer}`);
  }

  report(): string {
    const cell = (value: string) => value.replaceAll('|', '\\|').replaceAll('\n', ' ');
    const lines = [
      '# aop-certs probe of the per-hostname AOP API',
      '',
      `Run ${new Date().toISOString()} against ${this.config.apiUrl} (zone ID and token withheld).`,
      '',
      '## What Cloudflare answered',
      '',
      '| question | answer |',
      '| --- | --- |',
      ...this.findings.map(([question, answer]) => `| ${cell(question)} | ${cell(answer)} |`),
      '',
      '## Every request',
      '',
      '| # | step | request | HTTP | errors | Ratelimit / Ratelimit-Policy | ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...this.answers.map(
        (a, i) =>
          `| ${i + 1} | ${cell(a.step)} | \`${cell(a.request)}\` | ${a.status} | ${cell(a.codes)} | ${cell(a.ratelimit)} | ${a.ms} |`,
      ),
      '',
      '## Raw answers',
      '',
      ...this.answers.flatMap((a, i) => [
        `### ${i + 1}. ${a.step}: \`${a.request}\` → ${a.status}`,
        '',
        '```json',
        JSON.stringify(a.body, null, 2),
        '```',
        '',
      ]),
    ];
    return lines.join('\n').replaceAll(this.config.token, '***');
  }
}

function result(json: Record<string, unknown>): Record<string, unknown> | undefined {
  const value = json.result;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function items(json: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(json.result) ? (json.result as Record<string, unknown>[]) : [];
}

function shapeOf(item: Record<string, unknown> | undefined): string {
  if (!item) return 'no items to tell';
  const keys = Object.keys(item).sort().join(', ');
  const kind = 'cert_id' in item || 'hostname' in item ? 'association-shaped' : 'certificate-shaped';
  return `${kind}: {${keys}}`;
}

async function readsAfter(
  probe: Probe,
  what: string,
  reads: (label: string) => Promise<string>,
): Promise<void> {
  let elapsed = 0;
  const seen: string[] = [];
  for (const at of probe.config.readsAt) {
    await sleep(Math.max(0, at * 1000 - elapsed));
    elapsed = at * 1000;
    seen.push(`${at} s: ${await reads(`${what}, ${at} s later`)}`);
  }
  probe.found(what, seen.join('; '));
}

async function run(config: Config): Promise<Probe> {
  const probe = new Probe(config);
  const certs = '/origin_tls_client_auth/hostnames/certificates';
  const created: string[] = [];
  const ca = await makeCA({ cn: 'aop-certs probe CA (throwaway)' });
  const leaf = await makeLeaf(ca, { dns: [config.hostname || 'aop-certs-probe.invalid'], days: 2 });
  /** The ID of what an upload stored: from its answer, else (an answer without one) from the list. */
  const uploadedId = async (json: Record<string, unknown>): Promise<string> => {
    const answered = result(json)?.id;
    if (typeof answered === 'string' && answered) return answered;
    const sha256 = certificateSha256(leaf.certPem);
    const listed = items((await probe.call('find the upload', 'GET', certs)).json).find((item) => {
      const itemId = String(item.cert_id ?? item.id);
      const status = String(item.cert_status ?? item.status);
      return (
        typeof item.certificate === 'string' &&
        certificateSha256(item.certificate) === sha256 &&
        !created.includes(itemId) &&
        status !== 'deleted' &&
        status !== 'pending_deletion'
      );
    });
    return listed ? String(listed.cert_id ?? listed.id) : '';
  };
  try {
    const setting = await probe.call('zone-level AOP', 'GET', '/origin_tls_client_auth/settings');
    probe.found(
      'Zone-level AOP setting',
      `HTTP ${setting.status}, enabled: ${String(result(setting.json)?.enabled)}`,
    );
    const global = await probe.call('global AOP', 'GET', '/settings/tls_client_auth');
    probe.found(
      'Global AOP (tls_client_auth) readable with this token',
      `HTTP ${global.status}, value: ${String(result(global.json)?.value)}`,
    );

    const list = await probe.call('certificate list', 'GET', certs);
    probe.found('Certificate-list item shape', shapeOf(items(list.json)[0]));
    probe.found('Certificate-list result_info', JSON.stringify(list.json.result_info ?? null));

    const assoc = await probe.call(
      'association list',
      'GET',
      '/origin_tls_client_auth/hostnames?status=all&page=1&per_page=1000',
    );
    const plain = await probe.call(
      'association list, no parameters',
      'GET',
      '/origin_tls_client_auth/hostnames',
    );
    probe.found(
      'Association list (GET …/hostnames) served',
      `status=all&per_page=1000: HTTP ${assoc.status}; no parameters: HTTP ${plain.status}; result_info ${JSON.stringify(assoc.json.result_info ?? null)}`,
    );

    const body = { certificate: leaf.certPem, private_key: leaf.keyPem };
    const upload = await probe.call('upload', 'POST', certs, body);
    const id = await uploadedId(upload.json);
    if (id) created.push(id);
    probe.found('Upload answer', `HTTP ${upload.status}, ${shapeOf(result(upload.json))}`);
    const duplicate = await probe.call('duplicate upload', 'POST', certs, body);
    const duplicateId = String(result(duplicate.json)?.id ?? '');
    if (duplicateId && duplicateId !== id) created.push(duplicateId);
    probe.found(
      'Duplicate upload',
      `HTTP ${duplicate.status}${probe.answers.at(-1)?.codes ? `, ${probe.answers.at(-1)!.codes}` : ''}`,
    );
    if (!id) throw new Error('the upload gave no certificate ID: nothing more can be asked');

    const started = Date.now();
    let status = '';
    for (
      let pause = 1_000;
      Date.now() - started < config.activeTimeoutMs;
      pause = Math.min(pause * 2, 15_000)
    ) {
      status = String(result((await probe.call('wait for active', 'GET', `${certs}/${id}`)).json)?.status);
      if (status === 'active' || status.endsWith('_timed_out')) break;
      await sleep(pause);
    }
    probe.found('Upload to active', `${status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (config.hostname) {
      const path = `/origin_tls_client_auth/hostnames/${encodeURIComponent(config.hostname)}`;
      const put = await probe.call('associate', 'PUT', '/origin_tls_client_auth/hostnames', {
        config: [{ hostname: config.hostname, cert_id: id, enabled: true }],
      });
      probe.found(
        'PUT …/hostnames answer',
        `HTTP ${put.status}, result is ${Array.isArray(put.json.result) ? 'an array' : typeof put.json.result}`,
      );
      const associated = Date.now();
      let assocStatus = '';
      for (
        let pause = 1_000;
        Date.now() - associated < config.activeTimeoutMs;
        pause = Math.min(pause * 2, 15_000)
      ) {
        assocStatus = String(
          result((await probe.call('wait for the association', 'GET', path)).json)?.status,
        );
        if (assocStatus === 'active' || assocStatus.endsWith('_timed_out')) break;
        await sleep(pause);
      }
      probe.found(
        'PUT to association active',
        `${assocStatus} after ${((Date.now() - associated) / 1000).toFixed(1)} s`,
      );
      const parent = config.hostname.split('.').slice(1).join('.');
      const never = await probe.call(
        'a hostname never associated',
        'GET',
        `/origin_tls_client_auth/hostnames/aop-probe-${randomBytes(4).toString('hex')}.${parent}`,
      );
      probe.found(
        'GET …/hostnames/{hostname} never associated',
        `HTTP ${never.status}, ${probe.answers.at(-1)?.codes}`,
      );
      await probe.call('void', 'PUT', '/origin_tls_client_auth/hostnames', {
        config: [{ hostname: config.hostname, cert_id: id, enabled: null }],
      });
      const rightAfter = await probe.call('delete right after the void', 'DELETE', `${certs}/${id}`);
      probe.found(
        'DELETE straight after the void',
        `HTTP ${rightAfter.status} ${probe.answers.at(-1)?.codes ?? ''}`,
      );
      await readsAfter(probe, 'A voided association reads back as', async (label) => {
        const one = result((await probe.call(label, 'GET', path)).json);
        const rows = items(
          (await probe.call(label, 'GET', '/origin_tls_client_auth/hostnames?status=all&per_page=1000')).json,
        ).filter((row) => row.hostname === config.hostname);
        return `GET one: enabled ${JSON.stringify(one?.enabled)}, status ${String(one?.status)}; list rows: ${JSON.stringify(rows.map((row) => ({ cert_id: row.cert_id, enabled: row.enabled, status: row.status })))}`;
      });
      if (rightAfter.status !== 200) await probe.call('delete', 'DELETE', `${certs}/${id}`);
    } else {
      const deleted = await probe.call('delete', 'DELETE', `${certs}/${id}`);
      probe.found('DELETE answer', `HTTP ${deleted.status}, result ${shapeOf(result(deleted.json))}`);
    }
    await readsAfter(probe, 'A deleted certificate reads back as', async (label) => {
      const one = await probe.call(label, 'GET', `${certs}/${id}`);
      const listed = items((await probe.call(label, 'GET', certs)).json).find(
        (item) => item.id === id || item.cert_id === id,
      );
      return `GET: HTTP ${one.status} status ${String(result(one.json)?.status)}; list: ${listed ? `listed, ${String(listed.status ?? listed.cert_status)}` : 'absent'}`;
    });
    const again = await probe.call('upload again after the delete', 'POST', certs, body);
    const againId = again.status === 200 ? await uploadedId(again.json) : '';
    if (againId && !created.includes(againId)) created.push(againId);
    probe.found(
      'Upload of a certificate being deleted',
      `HTTP ${again.status} ${probe.answers.at(-1)?.codes ?? ''}`,
    );
  } catch (error) {
    probe.found('Probe stopped', (error as Error).message);
  } finally {
    for (const id of created.slice(1)) await probe.call('clean-up', 'DELETE', `${certs}/${id}`);
    if (created[0] && config.hostname) {
      await probe.call('clean-up', 'PUT', '/origin_tls_client_auth/hostnames', {
        config: [{ hostname: config.hostname, cert_id: created[0], enabled: null }],
      });
    }
    if (created[0]) await probe.call('clean-up', 'DELETE', `${certs}/${created[0]}`);
  }
  return probe;
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  if (typeof config === 'string') {
    console.log(config);
    return;
  }
  const probe = await run(config);
  await writeFile(config.reportPath, probe.report());
  console.log(`probe:live: report written to ${config.reportPath}; attach it to an issue.`);
}

main().catch((error: unknown) => {
  console.error(`probe:live failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
