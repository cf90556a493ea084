import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { desired, errors, on, outline, owned, zoneInput } from './support.js';

describe('planZone: deploying', () => {
  it('first deploy of two certificates on three hostnames: two uploads, two associations, one wave', () => {
    const plan = planZone(
      zoneInput({
        desired: [
          desired('app', ['app.example.com', 'www.example.com']),
          desired('api', ['api.example.com']),
        ],
      }),
    );
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 upload api',
      '1 associate app app.example.com,www.example.com',
      '1 associate api api.example.com',
    ]);
    expect(plan.writes).toBe(4);
    expect(plan.problems).toEqual([]);
    expect(plan.certificates).toEqual([{ name: 'app' }, { name: 'api' }]);
    const associate = plan.steps.find((step) => step.kind === 'associate');
    expect(associate).toMatchObject({
      previous: [{ hostname: 'app.example.com' }, { hostname: 'www.example.com' }],
    });
    expect(associate).not.toHaveProperty('certId');
  });

  it('shows the zone setting it was given', () => {
    expect(planZone(zoneInput({ desired: [], settingEnabled: true })).settingEnabled).toBe(true);
    expect(planZone(zoneInput({ desired: [], settingEnabled: null })).settingEnabled).toBeNull();
  });

  it('reuses an identical certificate already uploaded (even still deploying): no upload, no key needed', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'], { hasKey: false })],
        certificates: [owned('c-app', 'sha-app', { status: 'pending_deployment' })],
      }),
    );
    expect(outline(plan)).toEqual(['1 reuse app c-app', '1 associate app app.example.com']);
    expect(plan.steps[1]).toMatchObject({ certId: 'c-app' });
    expect(plan.writes).toBe(1);
    expect(plan.problems).toEqual([]);
    expect(plan.certificates).toEqual([{ name: 'app', id: 'c-app' }]);
  });

  it('reuses a copy the caller did not find owned, and reports it as neither left nor touched', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('c-app', 'sha-app', { owned: false })],
        associations: on('c-app', 'app.example.com', 'legacy.example.com'),
        options: { prune: true },
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toEqual([]);
  });

  it.each(['initializing', 'pending_deployment', 'active'])(
    'a %s copy counts as the same certificate',
    (status) => {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: [owned('c-app', 'sha-app', { status })],
        }),
      );
      expect(plan.steps.some((step) => step.kind === 'upload')).toBe(false);
    },
  );

  it.each(['pending_deletion', 'deleted'])(
    'a %s copy is ignored: the certificate is uploaded again',
    (status) => {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: [owned('c-app', 'sha-app', { status })],
        }),
      );
      expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com']);
    },
  );

  it.each(['deployment_timed_out', 'deletion_timed_out'])(
    'a %s copy is ignored and deleted before the upload again (Cloudflare refuses a duplicate)',
    (status) => {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: [owned('c-app', 'sha-app', { status })],
        }),
      );
      expect(outline(plan)).toEqual([
        '1 delete c-app failed-upload',
        '2 upload app',
        '2 associate app app.example.com',
      ]);
    },
  );

  it('a timed-out copy that is still associated cannot be cleaned up: an error', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('c-app', 'sha-app', { status: 'deployment_timed_out' })],
        associations: on('c-app', 'legacy.example.com'),
      }),
    );
    expect(errors(plan)).toEqual(['plan.failed_copy_in_use']);
    expect(plan.steps.some((step) => step.kind === 'delete')).toBe(false);
  });

  it('does nothing for a hostname already on the desired certificate and enabled', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('c-app', 'sha-app')],
        associations: on('c-app', 'app.example.com'),
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.writes).toBe(0);
  });

  it('re-enables a disabled association on the desired certificate', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('c-app', 'sha-app')],
        associations: [{ hostname: 'app.example.com', certId: 'c-app', enabled: false, status: 'active' }],
      }),
    );
    expect(outline(plan)).toEqual(['1 reuse app c-app', '1 associate app app.example.com']);
    expect(plan.steps[1]).toMatchObject({
      previous: [{ hostname: 'app.example.com', certId: 'c-app', enabled: false }],
    });
  });

  it('re-points an association whose deployment timed out', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [owned('c-app', 'sha-app')],
        associations: [
          { hostname: 'app.example.com', certId: 'c-app', enabled: true, status: 'deployment_timed_out' },
        ],
      }),
    );
    expect(outline(plan)).toEqual(['1 reuse app c-app', '1 associate app app.example.com']);
  });

  it('compares hostnames without regard to case, as Cloudflare stores them', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['App.Example.com'])],
        certificates: [owned('c-app', 'sha-app')],
        associations: on('c-app', 'app.example.com'),
      }),
    );
    expect(plan.steps).toEqual([]);
  });

  it('adding a hostname points only that hostname at the certificate already serving the others', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com', 'new.example.com'])],
        certificates: [owned('c-app', 'sha-app')],
        associations: on('c-app', 'app.example.com'),
      }),
    );
    expect(outline(plan)).toEqual(['1 reuse app c-app', '1 associate app new.example.com']);
    expect(plan.writes).toBe(1);
  });

  it('an upload without a key is an error on deploy and no finding when keys are not required', () => {
    const scenario = {
      desired: [desired('app', ['app.example.com'], { hasKey: false, file: 'pki/app/cert.crt' })],
    };
    const deploy = planZone(zoneInput(scenario));
    expect(deploy.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'plan.key_missing',
        certificate: 'app',
        file: 'pki/app/cert.crt',
      }),
    ]);
    const check = planZone(zoneInput({ ...scenario, options: { keysRequired: false } }));
    expect(check.problems).toEqual([]);
    expect(check.steps.map((step) => step.kind)).toEqual(['upload', 'associate']);
  });
});
