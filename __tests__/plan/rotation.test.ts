import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { desired, errors, foreign, on, outline, owned, zoneInput } from './support.js';

const rotation = {
  desired: [desired('app', ['app.example.com', 'www.example.com']), desired('api', ['api.example.com'])],
  certificates: [owned('old-app', 'sha-app-2024'), owned('c-api', 'sha-api')],
  associations: [...on('old-app', 'app.example.com', 'www.example.com'), ...on('c-api', 'api.example.com')],
};

describe('planZone: rotation', () => {
  it('uploads the new leaf, points the same hostnames at it, then deletes the old one', () => {
    const plan = planZone(zoneInput(rotation));
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 associate app app.example.com,www.example.com',
      '1 delete old-app replaced',
    ]);
    expect(plan.steps[1]).toMatchObject({
      previous: [
        { hostname: 'app.example.com', certId: 'old-app', enabled: true },
        { hostname: 'www.example.com', certId: 'old-app', enabled: true },
      ],
    });
    expect(plan.steps[2]).toMatchObject({ replacedBy: ['app'] });
    expect(plan.writes).toBe(3);
    expect(plan.problems).toEqual([]);
  });

  it('with delete-replaced off, keeps the old certificate and says so', () => {
    const plan = planZone(zoneInput({ ...rotation, options: { deleteReplaced: false } }));
    expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com,www.example.com']);
    expect(plan.untouched).toEqual([
      { certId: 'old-app', owned: true, reason: 'Replaced by app; kept because delete-replaced is off.' },
    ]);
  });

  it('with delete-replaced off but prune on, prune removes it: the manifest names it no more', () => {
    const plan = planZone(zoneInput({ ...rotation, options: { deleteReplaced: false, prune: true } }));
    expect(outline(plan)).toContain('1 delete old-app pruned');
  });

  it('keeps a replaced certificate that a hostname outside the manifest still uses (prune off)', () => {
    const plan = planZone(
      zoneInput({
        ...rotation,
        associations: [...rotation.associations, ...on('old-app', 'legacy.example.com')],
      }),
    );
    expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com,www.example.com']);
    expect(plan.untouched).toEqual([
      expect.objectContaining({
        certId: 'old-app',
        owned: true,
        reason: expect.stringContaining('legacy.example.com'),
      }),
    ]);
  });

  it('a disabled association still holds the old certificate', () => {
    const plan = planZone(
      zoneInput({
        ...rotation,
        associations: [
          ...rotation.associations,
          { hostname: 'legacy.example.com', certId: 'old-app', enabled: false, status: 'active' },
        ],
      }),
    );
    expect(plan.steps.some((step) => step.kind === 'delete')).toBe(false);
  });

  it('a voided association does not', () => {
    const plan = planZone(
      zoneInput({
        ...rotation,
        associations: [
          ...rotation.associations,
          { hostname: 'legacy.example.com', certId: 'old-app', enabled: null, status: 'deleted' },
        ],
      }),
    );
    expect(outline(plan)).toContain('1 delete old-app replaced');
  });

  it('with prune, voids the outside hostname first, then deletes the replaced certificate', () => {
    const plan = planZone(
      zoneInput({
        ...rotation,
        associations: [...rotation.associations, ...on('old-app', 'legacy.example.com')],
        options: { prune: true },
      }),
    );
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 associate app app.example.com,www.example.com',
      '1 disassociate old-app legacy.example.com -> none',
      '1 delete old-app replaced',
    ]);
  });

  it('a certificate split over two new ones is deleted only after both serve', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com']), desired('www', ['www.example.com'])],
        certificates: [owned('old', 'sha-old')],
        associations: on('old', 'app.example.com', 'www.example.com'),
      }),
    );
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 upload www',
      '1 associate app app.example.com',
      '1 associate www www.example.com',
      '1 delete old replaced',
    ]);
    expect(plan.steps[4]).toMatchObject({ replacedBy: ['app', 'www'] });
  });
});

describe('planZone: CA rollover', () => {
  const caChange = {
    desired: [desired('app', ['app.example.com'], { caId: 'ca-new' })],
    certificates: [owned('old-app', 'sha-old', { caId: 'ca-old' })],
    associations: on('old-app', 'app.example.com'),
  };

  it('a new leaf under another CA than the one serving its hostnames is an error without ca-rollover', () => {
    const plan = planZone(zoneInput(caChange));
    expect(errors(plan)).toEqual(['plan.ca_change']);
    expect(plan.problems[0]).toMatchObject({
      zone: 'example.com',
      certificate: 'app',
      file: 'aop-certs.yml',
    });
    expect(plan.problems[0]!.message).toContain('app.example.com');
  });

  it('with ca-rollover: true, a notice and the same steps', () => {
    const plan = planZone(zoneInput({ ...caChange, caRollover: true }));
    expect(errors(plan)).toEqual([]);
    expect(plan.problems.map((problem) => [problem.rule, problem.severity])).toEqual([
      ['plan.ca_change', 'notice'],
    ]);
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 associate app app.example.com',
      '1 delete old-app replaced',
    ]);
  });

  it('the same CA is no change', () => {
    const plan = planZone(
      zoneInput({ ...caChange, certificates: [owned('old-app', 'sha-old', { caId: 'ca-new' })] }),
    );
    expect(plan.problems).toEqual([]);
  });

  it('a disabled association serves nothing, so no CA changes for it', () => {
    const plan = planZone(
      zoneInput({
        ...caChange,
        associations: [{ hostname: 'app.example.com', certId: 'old-app', enabled: false, status: 'active' }],
      }),
    );
    expect(plan.problems).toEqual([]);
  });

  it('re-pointing a manifest hostname away from a certificate that is not owned is a notice; that certificate stays', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [foreign('tf-1')],
        associations: on('tf-1', 'app.example.com', 'other.example.com'),
        options: { prune: true },
      }),
    );
    expect(plan.problems.map((problem) => [problem.rule, problem.severity])).toEqual([
      ['plan.repoint_unowned', 'notice'],
    ]);
    expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com']);
    expect(plan.untouched).toEqual([
      expect.objectContaining({
        certId: 'tf-1',
        owned: false,
        reason: expect.stringContaining('Still serves other.example.com'),
      }),
    ]);
  });
});
