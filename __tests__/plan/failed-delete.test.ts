import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import type { RemoteCertificate } from '../../src/plan/index.js';
import { afterApply, desired, foreign, on, outline, owned, zoneInput } from './support.js';

const OLDER = new Date('2029-01-01T00:00:00Z');
const LATER = new Date('2031-01-01T00:00:00Z');

describe('a replaced certificate whose deletion failed', () => {
  const scenario = {
    desired: [desired('app', ['app.example.com'])],
    certificates: [
      owned('new', 'sha-app', { names: ['app.example.com'] }),
      owned('old', 'sha-old', { names: ['APP.example.com'], notAfter: OLDER }),
    ],
    associations: on('new', 'app.example.com'),
  };

  it('is deleted by the re-run when delete-replaced is on, and then nothing is left to do', () => {
    const input = zoneInput(scenario);
    const plan = planZone(input);
    expect(plan.steps).toEqual([
      // It serves no hostname any more: a leftover, which nothing has to wait for.
      { kind: 'delete', wave: 1, id: 'old', reason: 'replaced', replacedBy: ['app'], leftover: true },
    ]);
    expect(planZone(afterApply(input, plan)).steps).toEqual([]);
  });

  it('is kept when delete-replaced is off', () => {
    const plan = planZone(zoneInput({ ...scenario, options: { deleteReplaced: false } }));
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toContainEqual(expect.objectContaining({ certId: 'old', owned: true }));
  });

  it('is deleted whatever the leaf looks like: CN only, an extra name, or outliving its successor', () => {
    const shapes: Record<string, Partial<RemoteCertificate>> = {
      'CN-only leaf': { names: ['app.example.com'] },
      'an extra SAN the manifest does not list': { names: ['app.example.com', 'extra.example.com'] },
      'a name of no manifest hostname': { names: ['other.example.com'] },
      'a successor that expires first': { names: ['app.example.com'], notAfter: LATER },
      'no PEM returned': {},
    };
    for (const [shape, extra] of Object.entries(shapes)) {
      const input = zoneInput({
        ...scenario,
        certificates: [scenario.certificates[0]!, owned('old', 'sha-old', extra)],
      });
      const plan = planZone(input);
      expect(
        plan.steps.map((step) => (step.kind === 'delete' ? step.id : step.kind)),
        shape,
      ).toEqual(['old']);
      expect(planZone(afterApply(input, plan)).steps, shape).toEqual([]);
    }
  });

  it('is not deleted while a hostname holds it, even one the manifest does not list', () => {
    const serving = planZone(
      zoneInput({
        ...scenario,
        associations: [...on('new', 'app.example.com'), ...on('old', 'legacy.example.com')],
      }),
    );
    expect(serving.steps.filter((step) => step.kind === 'delete')).toEqual([]);
    const disabled = planZone(
      zoneInput({
        ...scenario,
        associations: [
          ...on('new', 'app.example.com'),
          { hostname: 'legacy.example.com', certId: 'old', enabled: false, status: 'active' },
        ],
      }),
    );
    expect(disabled.steps.filter((step) => step.kind === 'delete')).toEqual([]);
  });
});

describe('a re-run after a deploy that stopped while its association was still deploying', () => {
  it('points and verifies again before it deletes what was replaced, never a bare delete', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [
          owned('new', 'sha-app', { names: ['app.example.com'] }),
          owned('old', 'sha-old', { names: ['app.example.com'], notAfter: OLDER }),
        ],
        associations: [
          { hostname: 'app.example.com', certId: 'new', enabled: true, status: 'pending_deployment' },
        ],
      }),
    );
    expect(plan.steps.map((step) => step.kind)).toEqual(['reuse', 'associate', 'delete']);
  });

  it('treats a certificate that is not active yet the same way', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('new', 'sha-app', { status: 'pending_deployment' })],
        associations: on('new', 'app.example.com'),
      }),
    );
    expect(plan.steps.map((step) => step.kind)).toEqual(['reuse', 'associate']);
  });
});

describe('leftovers of an earlier rotation', () => {
  it('go first when the zone has no free slot for the next upload', () => {
    const others = Array.from({ length: 8 }, (_, index) => foreign(`f${index}`));
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
        certificates: [
          ...others,
          owned('current', 'sha-app-1', { names: ['app.example.com'], notAfter: OLDER }),
          owned('leftover', 'sha-app-0', { names: ['app.example.com'], notAfter: OLDER }),
        ],
        associations: [
          ...on('current', 'app.example.com'),
          ...others.flatMap((other, index) => on(other.id, `o${index}.example.com`)),
        ],
      }),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.steps.map((step) => `${step.wave}:${step.kind}`)).toEqual([
      '1:delete',
      '2:upload',
      '2:associate',
      '2:delete',
    ]);
    expect(plan.steps[0]).toMatchObject({ kind: 'delete', id: 'leftover' });
  });

  it('include any owned certificate the manifest does not name and no hostname holds, with delete-replaced', () => {
    const scenario = {
      desired: [desired('app', ['app.example.com'])],
      certificates: [
        owned('new', 'sha-app', { names: ['app.example.com'] }),
        owned('staged', 'sha-next', { names: ['app.example.com'], notAfter: LATER }),
        owned('unrelated', 'sha-unrelated', { names: ['gone.example.com'] }),
      ],
      associations: on('new', 'app.example.com'),
    };
    expect(outline(planZone(zoneInput(scenario)))).toEqual([
      '1 delete staged replaced',
      '1 delete unrelated leftover',
    ]);
    const kept = planZone(zoneInput({ ...scenario, options: { deleteReplaced: false } }));
    expect(kept.steps).toEqual([]);
    expect(kept.untouched.map((item) => item.certId).sort()).toEqual(['staged', 'unrelated']);
  });

  it('go first in a full zone rotating in waves after one refused DELETE, and the rotation then finishes', () => {
    const hosts = (i: number) => `h${i}.example.com`;
    const nine = Array.from({ length: 9 }, (_, i) => i);
    // Wave 1 of a rotation of c0 and c1 re-pointed h0, then its DELETE was refused: ten certificates.
    const input = zoneInput({
      desired: nine.map((i) =>
        desired(`c${i}`, [hosts(i)], { sha256: i < 2 ? `sha-c${i}-new` : `sha-c${i}` }),
      ),
      certificates: [
        ...nine.map((i) => owned(`id-${i}`, `sha-c${i}`, { names: [`cn-only-${i}`] })),
        owned('id-0-new', 'sha-c0-new'),
      ],
      associations: [...on('id-0-new', hosts(0)), ...nine.slice(1).flatMap((i) => on(`id-${i}`, hosts(i)))],
    });
    const plan = planZone(input);
    expect(plan.problems).toEqual([]);
    expect(outline(plan)).toEqual([
      '1 delete id-0 leftover',
      '2 upload c1',
      '2 associate c1 h1.example.com',
      '2 delete id-1 replaced',
    ]);
    expect(planZone(afterApply(input, plan)).steps).toEqual([]);
  });
});
