/**
 * The emulator's answers, checked against the OpenAPI extract of Cloudflare's own spec. The extract
 * lives outside the repository (it is not ours to commit): without it this file says it skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudflareEmulator, type CloudflareEmulator } from '../../test-support/cloudflare/emulator.js';
import { freshLeaf, testCA, TOKEN, ZONE } from './harness.js';

const SPEC_PATH = fileURLToPath(
  new URL('../../../shared/reference/cloudflare-aop-openapi.json', import.meta.url),
);
const present = existsSync(SPEC_PATH);
const FAILURE_SCHEMA = 'tls-certificates-and-hostnames_api-response-common-failure';
const PREFIX = '/zones/{zone_id}/origin_tls_client_auth';

interface Spec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown> };
}

function validators(spec: Spec) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addSchema({ $id: 'spec.json', components: spec.components });
  const rewrite = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec.json#/components/'));
  return {
    /** The documented 200 schema of an operation. */
    success(path: string, method: string): ValidateFunction {
      const schema =
        spec.paths[PREFIX + path]?.[method]?.responses['200']?.content['application/json']?.schema;
      if (!schema) throw new Error(`no 200 schema for ${method} ${path}`);
      return ajv.compile(rewrite(schema) as object);
    },
    /** Cloudflare's 4XX schema is allOf[success, failure], which nothing can satisfy (api reference §4). */
    failure: ajv.compile({ $ref: `spec.json#/components/schemas/${FAILURE_SCHEMA}` }),
  };
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const valid = validate(body);
  expect(valid ? [] : validate.errors).toEqual([]);
}

describe.skipIf(!present)('emulator answers match the OpenAPI extract', () => {
  let emulator: CloudflareEmulator;
  let check: ReturnType<typeof validators>;
  const base = `/zones/${ZONE}/origin_tls_client_auth`;

  async function call(method: string, path: string, body?: unknown, token = TOKEN) {
    const response = await fetch(`${emulator.url}${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { result: unknown } };
  }

  beforeAll(async () => {
    check = validators(JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec);
    emulator = await startCloudflareEmulator({
      token: TOKEN,
      statusStepMs: 1,
      zones: { [ZONE]: {}, 'old-shape-zone': { listShape: 'association' } },
    });
  });
  afterAll(() => emulator.close());

  it('certificates: upload, list (both item shapes), get, delete', async () => {
    const leaf = await freshLeaf();
    const upload = await call('POST', '/hostnames/certificates', {
      certificate: leaf.certPem,
      private_key: leaf.keyPem,
    });
    expect(upload.status).toBe(200);
    expectValid(check.success('/hostnames/certificates', 'post'), upload.body);
    const id = (upload.body.result as { id: string }).id;

    const list = await call('GET', '/hostnames/certificates');
    expectValid(check.success('/hostnames/certificates', 'get'), list.body);
    emulator.seedCertificate('old-shape-zone', leaf.certPem);
    const oldList = await fetch(
      `${emulator.url}/zones/old-shape-zone/origin_tls_client_auth/hostnames/certificates`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    expectValid(check.success('/hostnames/certificates', 'get'), await oldList.json());

    expectValid(
      check.success('/hostnames/certificates/{certificate_id}', 'get'),
      (await call('GET', `/hostnames/certificates/${id}`)).body,
    );
    const deleted = await call('DELETE', `/hostnames/certificates/${id}`);
    expect(deleted.status).toBe(200);
    expectValid(check.success('/hostnames/certificates/{certificate_id}', 'delete'), deleted.body);
  });

  it('associations: PUT with true, false and null; get one; list every status, paged', async () => {
    const id = emulator.seedCertificate(ZONE, (await freshLeaf('b.example.com')).certPem);
    const put = await call('PUT', '/hostnames', {
      config: [
        { hostname: 'a.example.com', cert_id: id, enabled: true },
        { hostname: 'b.example.com', cert_id: id, enabled: false },
        { hostname: 'c.example.com', cert_id: id, enabled: null },
      ],
    });
    expect(put.status).toBe(200);
    expectValid(check.success('/hostnames', 'put'), put.body);
    expectValid(
      check.success('/hostnames/{hostname}', 'get'),
      (await call('GET', '/hostnames/a.example.com')).body,
    );
    const list = await call('GET', '/hostnames?status=all&per_page=2&page=2');
    expectValid(check.success('/hostnames', 'get'), list.body);
    expect(list.body).toMatchObject({
      result_info: { page: 2, per_page: 2, total_count: 3, total_pages: 2 },
    });
  });

  it('settings', async () => {
    expectValid(check.success('/settings', 'get'), (await call('GET', '/settings')).body);
  });

  it('every failure the emulator makes has the failure envelope', async () => {
    const ca = await testCA();
    const leaf = await freshLeaf('dup.example.com');
    await call('POST', '/hostnames/certificates', { certificate: leaf.certPem, private_key: leaf.keyPem });
    const inUse = emulator.seedCertificate(ZONE, (await freshLeaf('used.example.com')).certPem, {
      hostnames: ['used.example.com'],
    });
    const failures = [
      await call('POST', '/hostnames/certificates', { certificate: ca.certPem, private_key: ca.keyPem }),
      await call('POST', '/hostnames/certificates', { certificate: leaf.certPem, private_key: leaf.keyPem }),
      await call('PUT', '/hostnames', {
        config: [{ hostname: 'x.example.com', cert_id: 'nope', enabled: true }],
      }),
      await call('GET', '/hostnames/certificates/00000000-0000-0000-0000-000000000000'),
      await call('DELETE', `/hostnames/certificates/${inUse}`),
      await call('GET', '/hostnames/nowhere.example.com'),
      await call('GET', '/settings', undefined, 'bad-token'),
    ];
    expect(failures.map((f) => f.status)).toEqual([400, 409, 400, 404, 400, 404, 403]);
    for (const failure of failures) expectValid(check.failure, failure.body);
  });

  it('the 429 deviates from the spec in one documented way: code 971 is below its minimum of 1000', async () => {
    emulator.injectFault('getSettings', { status: 429, retryAfter: 1 });
    const throttled = (await call('GET', '/settings')).body as unknown as { errors: { code: number }[] };
    expect(throttled.errors.map((e) => e.code)).toEqual([971]);
    expect(check.failure(throttled)).toBe(false);
    expectValid(check.failure, { ...throttled, errors: [{ ...throttled.errors[0], code: 1000 }] });
  });

  it('can fail: a status outside the enum is rejected', () => {
    const validate = check.success('/hostnames/certificates/{certificate_id}', 'get');
    expect(
      validate({ success: true, errors: [], messages: [], result: { id: 'x', status: 'expired' } }),
    ).toBe(false);
  });
});

if (!present) {
  describe('emulator answers match the OpenAPI extract', () => {
    it.skip(`skipped: ${SPEC_PATH} is not present (it stays outside the repository)`, () => {});
  });
}
