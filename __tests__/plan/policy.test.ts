import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import {
  blockReason,
  duplicateCertificates,
  heldCertificates,
  heldSteps,
  planZone,
  zoneRemovals,
  type IssuerIdentity,
} from '../../src/plan/index.js';
import { desired, errors, on, owned, zoneInput } from './support.js';

const error = (extra: Partial<Finding>): Finding => ({
  severity: 'error',
  rule: 'leaf.not_ca',
  message: 'broken',
  ...extra,
});

describe('blockReason: one policy for check and deploy', () => {
  const plan = planZone(
    zoneInput({
      desired: [desired('app', ['app.example.com']), desired('api', ['api.example.com'])],
      certificates: [owned('c-api', 'sha-api')],
      associations: on('c-api', 'api.example.com'),
    }),
  );

  it('blocks a zone whose plan would serve a certificate with errors, naming it', () => {
    expect(blockReason(plan, [error({ zone: 'example.com', certificate: 'app' })])).toBe(
      'Blocked: app would serve hostnames but has errors (see the findings).',
    );
  });

  it('lets a zone through when only a certificate it leaves alone has errors, or a suppressed one', () => {
    expect(blockReason(plan, [error({ zone: 'example.com', certificate: 'api' })])).toBeUndefined();
    expect(
      blockReason(plan, [error({ zone: 'example.com', certificate: 'app', suppressed: true })]),
    ).toBeUndefined();
    expect(blockReason(plan, [error({ zone: 'other.com', certificate: 'app' })])).toBeUndefined();
  });

  it('blocks every zone on a manifest error, and a zone on its own zone-level error', () => {
    expect(blockReason(plan, [error({ rule: 'manifest.schema' })])).toMatch(/^Blocked: the manifest/);
    expect(blockReason(plan, [error({ rule: 'plan.duplicate_certificate', zone: 'example.com' })])).toMatch(
      /^Blocked: zone example.com has errors/,
    );
  });
});

describe('held certificates: a refusal by the origin waits alone', () => {
  // app rotates from c-app, api from c-api: two independent moves in one zone.
  const plan = planZone(
    zoneInput({
      desired: [desired('app', ['app.example.com']), desired('api', ['api.example.com'])],
      certificates: [owned('c-app', 'sha-old-app'), owned('c-api', 'sha-old-api')],
      associations: [...on('c-app', 'app.example.com'), ...on('c-api', 'api.example.com')],
    }),
  );
  const refused = error({ rule: 'origin.refuses_leaf', zone: 'example.com', certificate: 'app' });
  const caChange = error({ rule: 'plan.ca_change', zone: 'example.com', certificate: 'app' });
  const kinds = (steps: Map<number, string>) =>
    [...steps.keys()].map((index) => {
      const step = plan.steps[index]!;
      return `${step.kind} ${'certificate' in step ? step.certificate : step.kind === 'delete' ? step.id : ''}`;
    });

  it('a refused leaf holds its certificate, not the zone, whatever the mode; suppressed or a notice, nothing', () => {
    expect(blockReason(plan, [refused])).toBeUndefined();
    expect([...heldCertificates(plan, [refused]).keys()]).toEqual(['app']);
    expect([...heldCertificates(plan, [{ ...refused, severity: 'warning' }]).keys()]).toEqual(['app']);
    expect(heldCertificates(plan, [{ ...refused, suppressed: true }]).size).toBe(0);
    expect(heldCertificates(plan, [{ ...refused, zone: 'other.com' }]).size).toBe(0);
  });

  it('an unacknowledged CA change holds its certificate only where the origin settles it (gated)', () => {
    expect(blockReason(plan, [caChange])).toMatch(/^Blocked: app would serve/);
    expect(heldCertificates(plan, [caChange]).size).toBe(0);
    const gated = new Set(['example.com/app']);
    expect(blockReason(plan, [caChange], gated)).toBeUndefined();
    expect(heldCertificates(plan, [caChange], gated).get('app')).toMatch(/CA changes/);
    // As the planner reports it, among the plan's own problems: the same.
    const withProblem = { ...plan, problems: [caChange] };
    expect(blockReason(withProblem, [caChange])).toMatch(/^Blocked: the plan has errors/);
    expect(blockReason(withProblem, [caChange], gated)).toBeUndefined();
    // Acknowledged (a notice after the origin accepted the leaf): nothing waits.
    expect(heldCertificates(plan, [{ ...caChange, severity: 'notice' }], gated).size).toBe(0);
  });

  it('holds the association and the deletion of what it replaces; the upload only before writing', () => {
    const held = heldCertificates(plan, [refused]);
    expect(kinds(heldSteps(plan, held, { uploads: false }))).toEqual(['associate app', 'delete c-app']);
    expect(kinds(heldSteps(plan, held, { uploads: true }))).toEqual([
      'upload app',
      'associate app',
      'delete c-app',
    ]);
    expect(heldSteps(plan, new Map(), { uploads: true }).size).toBe(0);
  });

  // Three slots, two rotations: the second waits for the slot the first one's predecessor frees.
  const tight = planZone(
    zoneInput({
      desired: [desired('app', ['app.example.com']), desired('api', ['api.example.com'])],
      certificates: [owned('c-app', 'sha-old-app'), owned('c-api', 'sha-old-api')],
      associations: [...on('c-app', 'app.example.com'), ...on('c-api', 'api.example.com')],
      options: { maxCertificates: 3 },
    }),
  );
  const firstUpload = tight.steps.find((step) => step.kind === 'upload');
  const firstName = firstUpload?.kind === 'upload' ? firstUpload.certificate : '';
  const laterWave = tight.steps.flatMap((step, index) => (step.wave === 2 ? [index] : []));

  it('a certificate held before its upload takes no slot: later waves go ahead', () => {
    expect(laterWave.length).toBeGreaterThan(0);
    const steps = heldSteps(tight, new Map([[firstName, 'held: test']]), { uploads: true });
    for (const index of laterWave) expect(steps.has(index)).toBe(false);
  });

  it('never holds the deletion of a leftover: it serves no hostname', () => {
    const withLeftover = {
      ...plan,
      steps: [
        ...plan.steps,
        {
          kind: 'delete' as const,
          wave: 1,
          id: 'c-gone',
          reason: 'replaced' as const,
          replacedBy: ['app'],
          leftover: true,
        },
      ],
    };
    const steps = heldSteps(withLeftover, new Map([['app', 'held: test']]), { uploads: false });
    expect(steps.has(withLeftover.steps.length - 1)).toBe(false);
  });

  it('holds every later wave when a held deletion was to free their slot', () => {
    expect(new Set(tight.steps.map((step) => step.wave)).size).toBe(2);
    const steps = heldSteps(tight, new Map([[firstName, 'held: test']]), { uploads: false });
    expect(laterWave.length).toBeGreaterThan(0);
    for (const index of laterWave) expect(steps.get(index)).toMatch(/needs the slot/);
    // The other certificate's steps in wave 1 go ahead.
    expect(
      tight.steps.every(
        (step, index) =>
          step.wave === 2 ||
          !steps.has(index) ||
          ('certificate' in step ? step.certificate === firstName : true),
      ),
    ).toBe(true);
  });
});

describe('zoneRemovals', () => {
  it("takes the zone's own prune and delete-replaced over the inputs, and assumes nothing then", () => {
    expect(
      zoneRemovals({ prune: true, deleteReplaced: false }, { prune: false, deleteReplaced: true }),
    ).toEqual({ options: { prune: true, deleteReplaced: false }, assumed: [] });
  });

  it('says which inputs it planned with when they differ from the defaults', () => {
    const { options, assumed } = zoneRemovals({}, { prune: true, deleteReplaced: false });
    expect(options).toEqual({ prune: true, deleteReplaced: false });
    expect(assumed).toHaveLength(2);
    expect(assumed.join(' ')).toMatch(/prune: true \(this job's input; the default is false\)/);
    expect(assumed.join(' ')).toMatch(/delete-replaced: false \(this job's input; the default is true\)/);
    expect(zoneRemovals({}, { prune: false, deleteReplaced: true }).assumed).toEqual([]);
  });
});

describe('duplicateCertificates', () => {
  it('flags the second entry of one leaf in a zone at its line, and ignores unreadable ones', () => {
    const found = duplicateCertificates(
      'example.com',
      [
        { name: 'app', sha256: 'x', line: 5 },
        { name: 'other', sha256: 'y', line: 9 },
        { name: 'copy', sha256: 'x', line: 13 },
        { name: 'unread', line: 17 },
        { name: 'unread-too', line: 21 },
      ],
      'aop-certs.yml',
    );
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'plan.duplicate_certificate',
        severity: 'error',
        line: 13,
        zone: 'example.com',
        file: 'aop-certs.yml',
      }),
    ]);
    expect(found[0]!.message).toMatch(/app and copy/);
  });
});

describe('CA rollover, judged from the certificate Cloudflare serves', () => {
  const oldCa: IssuerIdentity = { name: 'CN=Old CA', key: 'old' };
  const newCa: IssuerIdentity = { name: 'CN=New CA', key: 'new' };

  it('needs ca-rollover when the served leaf was issued by another CA, owned or not', () => {
    for (const servedOwned of [true, false]) {
      const input = zoneInput({
        desired: [desired('app', ['app.example.com'], { issuer: newCa })],
        certificates: [
          owned('old', 'sha-old', { owned: servedOwned, issuerIdentity: oldCa, caId: undefined }),
        ],
        associations: on('old', 'app.example.com'),
      });
      expect(errors(planZone(input))).toEqual(['plan.ca_change']);
      const allowed = planZone({ ...input, caRollover: true });
      expect(errors(allowed)).toEqual([]);
      expect(allowed.problems.find((problem) => problem.rule === 'plan.ca_change')?.message).toMatch(
        /issued by CN=Old CA.*issued by CN=New CA/,
      );
    }
  });

  it('lets a renewal under the same issuer through, even when origin-ca changed identity', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'], { issuer: oldCa, caId: 'ca-2' })],
        certificates: [owned('old', 'sha-old', { issuerIdentity: oldCa, caId: 'ca-1' })],
        associations: on('old', 'app.example.com'),
      }),
    );
    expect(errors(plan)).toEqual([]);
  });
});
