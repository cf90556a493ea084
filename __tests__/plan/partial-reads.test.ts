/**
 * What the planner may conclude from what it saw: every association (the list), or only the
 * hostnames it asked about (no list). And rows that disagree about a hostname never decide by order.
 */
import { describe, expect, it } from 'vitest';
import { planZone, type RemoteAssociation, type ZoneInput } from '../../src/plan/index.js';
import { desired, on, owned, zoneInput } from './support.js';

const partial = (input: ZoneInput): ZoneInput => ({
  ...input,
  remote: { ...input.remote, associationsComplete: false },
});

describe('an owned certificate that no hostname it read holds', () => {
  const scenario = {
    desired: [desired('app', ['app.example.com'])],
    certificates: [owned('new', 'sha-app', { names: ['app.example.com'] }), owned('legacy', 'sha-legacy')],
    associations: on('new', 'app.example.com'),
  };

  it('is a leftover to delete when every association was seen', () => {
    const plan = planZone(zoneInput(scenario));
    expect(plan.steps).toContainEqual(expect.objectContaining({ kind: 'delete', id: 'legacy' }));
  });

  it('is kept, and says why, when the association list is not served (a hostname outside may hold it)', () => {
    for (const options of [{}, { prune: true }]) {
      const plan = planZone(partial(zoneInput({ ...scenario, options })));
      expect(plan.steps, JSON.stringify(options)).toEqual([]);
      expect(plan.untouched, JSON.stringify(options)).toContainEqual(
        expect.objectContaining({ certId: 'legacy', owned: true }),
      );
    }
  });

  it('a rotation the plan makes itself still deletes what it replaced, since those hostnames were read', () => {
    const plan = planZone(
      partial(
        zoneInput({
          desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
          certificates: [owned('old', 'sha-app', { names: ['app.example.com'] })],
          associations: on('old', 'app.example.com'),
        }),
      ),
    );
    expect(plan.steps).toContainEqual(
      expect.objectContaining({ kind: 'delete', id: 'old', reason: 'replaced' }),
    );
  });
});

describe('two rows for one hostname', () => {
  const rows = (first: RemoteAssociation[], second: RemoteAssociation[]) => [
    [...first, ...second],
    [...second, ...first],
  ];

  it('a hostname served by the manifest certificate is in place, whatever row comes first', () => {
    for (const associations of rows(on('mine', 'app.example.com'), on('other', 'app.example.com'))) {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'], { sha256: 'sha-mine' })],
          certificates: [owned('mine', 'sha-mine'), owned('other', 'sha-other')],
          associations,
        }),
      );
      expect(plan.steps.filter((step) => step.kind === 'associate')).toEqual([]);
      // The other row still holds `other`: it is not deleted from under that row.
      expect(plan.steps.filter((step) => step.kind === 'delete')).toEqual([]);
    }
  });

  it('a timed-out copy held by a disabled row is found, whatever row comes first', () => {
    const disabled: RemoteAssociation[] = [
      { hostname: 'app.example.com', certId: 'copy', enabled: false, status: 'active' },
    ];
    for (const associations of rows(on('other', 'app.example.com'), disabled)) {
      const plan = planZone(
        zoneInput({
          desired: [desired('app', ['app.example.com'], { sha256: 'sha-app' })],
          certificates: [
            owned('copy', 'sha-app', { status: 'deployment_timed_out' }),
            owned('other', 'sha-other'),
          ],
          associations,
        }),
      );
      expect(plan.problems.map((problem) => problem.rule)).toContain('plan.failed_copy_in_use');
    }
  });
});

describe('without the association list, a rotation stopped after its re-point', () => {
  it('is finished by the re-run when the old leaf names only manifest hostnames (all of them read)', () => {
    const plan = planZone(
      partial(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: [
            owned('new', 'sha-app', { names: ['app.example.com'] }),
            owned('old', 'sha-old', { names: ['app.example.com'] }),
          ],
          associations: on('new', 'app.example.com'),
        }),
      ),
    );
    expect(plan.steps).toContainEqual(expect.objectContaining({ kind: 'delete', id: 'old' }));
  });

  it('keeps an old leaf that names a hostname outside the manifest (that hostname may hold it)', () => {
    const plan = planZone(
      partial(
        zoneInput({
          desired: [desired('app', ['app.example.com'])],
          certificates: [
            owned('new', 'sha-app', { names: ['app.example.com'] }),
            owned('old', 'sha-old', { names: ['app.example.com', 'legacy.example.com'] }),
          ],
          associations: on('new', 'app.example.com'),
        }),
      ),
    );
    expect(plan.steps).toEqual([]);
  });
});
