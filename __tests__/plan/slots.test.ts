import { describe, expect, it } from 'vitest';
import { planZone, type Step } from '../../src/plan/index.js';
import { desired, errors, foreign, on, outline, owned, zoneInput } from './support.js';

const hosts = (i: number) => `h${i}.example.com`;
const nine = Array.from({ length: 9 }, (_, i) => i);

describe('planZone: slots and waves', () => {
  it('a full zone whose new leaf is already uploaded (a run held or stopped before pointing) deletes its predecessor first, then uploads the next', () => {
    // 3 slots: c-app and c-api serve; app's new leaf was uploaded and never pointed at.
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com']), desired('api', ['api.example.com'])],
        certificates: [
          owned('c-app', 'sha-old-app'),
          owned('c-api', 'sha-old-api'),
          owned('new-app', 'sha-app'),
        ],
        associations: [...on('c-app', 'app.example.com'), ...on('c-api', 'api.example.com')],
        options: { maxCertificates: 3 },
      }),
    );
    expect(plan.problems).toEqual([]);
    expect(outline(plan)).toEqual([
      '1 reuse app new-app',
      '1 associate app app.example.com',
      '1 delete c-app replaced',
      '2 upload api',
      '2 associate api api.example.com',
      '2 delete c-api replaced',
    ]);
  });

  it('rotates three certificates through the one free slot in three waves: upload, associate, delete each', () => {
    // 9 of 10 slots used: old and new cannot be held at once for three rotations.
    const plan = planZone(
      zoneInput({
        desired: nine.map((i) =>
          desired(`c${i}`, [hosts(i)], { sha256: i < 3 ? `sha-c${i}-new` : `sha-c${i}` }),
        ),
        certificates: nine.map((i) => owned(`id-${i}`, `sha-c${i}`)),
        associations: nine.flatMap((i) => on(`id-${i}`, hosts(i))),
      }),
    );
    expect(plan.problems).toEqual([]);
    expect(outline(plan)).toEqual([
      '1 upload c0',
      '1 associate c0 h0.example.com',
      '1 delete id-0 replaced',
      '2 upload c1',
      '2 associate c1 h1.example.com',
      '2 delete id-1 replaced',
      '3 upload c2',
      '3 associate c2 h2.example.com',
      '3 delete id-2 replaced',
    ]);
    expect(plan.writes).toBe(9);
  });

  it('prune that frees no needed slot waits for the last wave', () => {
    const plan = planZone(
      zoneInput({
        desired: nine.map((i) =>
          desired(`c${i}`, [hosts(i)], { sha256: i < 2 ? `sha-c${i}-new` : `sha-c${i}` }),
        ),
        certificates: nine.map((i) => owned(`id-${i}`, `sha-c${i}`)),
        associations: [...nine.flatMap((i) => on(`id-${i}`, hosts(i))), ...on('id-8', 'stray.example.com')],
        options: { prune: true },
      }),
    );
    expect(outline(plan).slice(-2)).toEqual([
      '2 delete id-1 replaced',
      '2 disassociate id-8 stray.example.com -> none',
    ]);
  });

  it('with slots to spare, the same rotations go in one wave', () => {
    const plan = planZone(
      zoneInput({
        desired: [0, 1, 2].map((i) => desired(`c${i}`, [hosts(i)], { sha256: `sha-c${i}-new` })),
        certificates: [0, 1, 2].map((i) => owned(`id-${i}`, `sha-c${i}`)),
        associations: [0, 1, 2].flatMap((i) => on(`id-${i}`, hosts(i))),
      }),
    );
    expect(new Set(plan.steps.map((step: Step) => step.wave))).toEqual(new Set([1]));
  });

  it('uploads that free a slot go before those that do not', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('fresh', ['fresh.example.com']), desired('app', [hosts(0)])],
        certificates: [
          ...Array.from({ length: 8 }, (_, i) => foreign(`tf-${i}`)),
          owned('old-app', 'sha-old'),
        ],
        associations: on('old-app', hosts(0)),
      }),
    );
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 associate app h0.example.com',
      '1 delete old-app replaced',
      '2 upload fresh',
      '2 associate fresh fresh.example.com',
    ]);
  });

  it('10 certificates not owned plus one new: an error, and no step at all', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: Array.from({ length: 10 }, (_, i) => foreign(`tf-${i}`)),
      }),
    );
    expect(errors(plan)).toEqual(['plan.slots_exhausted']);
    expect(plan.problems[0]).toMatchObject({ zone: 'example.com', file: 'aop-certs.yml' });
    expect(plan.problems[0]!.message).toContain('10 of its 10');
    expect(plan.steps).toEqual([]);
    expect(plan.writes).toBe(0);
  });

  it('10 owned certificates all in use: rotating one would mean deleting first, so an error', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    const plan = planZone(
      zoneInput({
        desired: ten.map((i) =>
          desired(`c${i}`, [hosts(i)], { sha256: i === 0 ? 'sha-c0-new' : `sha-c${i}` }),
        ),
        certificates: ten.map((i) => owned(`id-${i}`, `sha-c${i}`)),
        associations: ten.flatMap((i) => on(`id-${i}`, hosts(i))),
      }),
    );
    expect(errors(plan)).toEqual(['plan.slots_exhausted']);
    expect(plan.steps).toEqual([]);
  });

  it('a certificate split over two new ones cannot be rotated through a single slot', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com']), desired('www', ['www.example.com'])],
        certificates: [...Array.from({ length: 8 }, (_, i) => foreign(`tf-${i}`)), owned('old', 'sha-old')],
        associations: on('old', 'app.example.com', 'www.example.com'),
      }),
    );
    expect(errors(plan)).toEqual(['plan.slots_exhausted']);
  });

  it('when slots are short, prune goes first: it frees a slot no manifest hostname needs', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [
          ...Array.from({ length: 9 }, (_, i) => foreign(`tf-${i}`)),
          owned('c-gone', 'sha-gone'),
        ],
        associations: on('c-gone', 'gone.example.com'),
        options: { prune: true },
      }),
    );
    expect(plan.problems).toEqual([]);
    expect(outline(plan)).toEqual([
      '1 disassociate c-gone gone.example.com -> none',
      '1 delete c-gone pruned',
      '2 upload app',
      '2 associate app app.example.com',
    ]);
  });

  it('without prune the same zone cannot fit', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [
          ...Array.from({ length: 9 }, (_, i) => foreign(`tf-${i}`)),
          owned('c-gone', 'sha-gone'),
        ],
        associations: on('c-gone', 'gone.example.com'),
      }),
    );
    expect(errors(plan)).toEqual(['plan.slots_exhausted']);
  });

  it.each(['pending_deletion', 'deployment_timed_out', 'deletion_timed_out', 'initializing'])(
    'a %s certificate holds a slot',
    (status) => {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: Array.from({ length: 10 }, (_, i) => foreign(`tf-${i}`, { status })),
        }),
      );
      expect(errors(plan)).toEqual(['plan.slots_exhausted']);
    },
  );

  it('a deleted certificate does not', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: Array.from({ length: 10 }, (_, i) =>
          foreign(`tf-${i}`, { status: i === 0 ? 'deleted' : 'active' }),
        ),
      }),
    );
    expect(errors(plan)).toEqual([]);
    expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com']);
  });

  it('honours a smaller maxCertificates', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [foreign('tf-0')],
        options: { maxCertificates: 1 },
      }),
    );
    expect(errors(plan)).toEqual(['plan.slots_exhausted']);
  });
});
