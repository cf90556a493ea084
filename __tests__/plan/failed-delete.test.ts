import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { afterApply, desired, foreign, on, owned, zoneInput } from './support.js';

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
      { kind: 'delete', wave: 1, id: 'old', reason: 'replaced', replacedBy: ['app'] },
    ]);
    expect(planZone(afterApply(input, plan)).steps).toEqual([]);
  });

  it('is kept when delete-replaced is off', () => {
    const plan = planZone(zoneInput({ ...scenario, options: { deleteReplaced: false } }));
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toContainEqual(expect.objectContaining({ certId: 'old', owned: true }));
  });

  it('is not taken for one when it names a hostname the manifest does not list, or serves one', () => {
    const foreignName = planZone(
      zoneInput({
        ...scenario,
        certificates: [scenario.certificates[0]!, owned('old', 'sha-old', { names: ['other.example.com'] })],
      }),
    );
    expect(foreignName.steps).toEqual([]);
    const serving = planZone(
      zoneInput({
        ...scenario,
        associations: [...on('new', 'app.example.com'), ...on('old', 'legacy.example.com')],
      }),
    );
    expect(serving.steps.filter((step) => step.kind === 'delete')).toEqual([]);
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

  it('do not include a next certificate uploaded ahead of time (it expires later)', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [
          owned('new', 'sha-app', { names: ['app.example.com'] }),
          owned('staged', 'sha-next', { names: ['app.example.com'], notAfter: LATER }),
        ],
        associations: on('new', 'app.example.com'),
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toContainEqual(expect.objectContaining({ certId: 'staged' }));
  });
});
