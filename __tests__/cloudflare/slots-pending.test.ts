/** A zone short of slots only because Cloudflare is still deleting a certificate says to wait, not to delete. */
import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { desired, foreign, zoneInput } from '../plan/support.js';

describe('slots held by a deletion under way', () => {
  it('says "wait for the deletion to finish, then re-run" when that is the only shortage', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: Array.from({ length: 10 }, (_, i) =>
          foreign(`tf-${i}`, { status: i === 0 ? 'pending_deletion' : 'active' }),
        ),
      }),
    );
    expect(plan.problems.map((problem) => problem.rule)).toEqual(['plan.slots_exhausted']);
    expect(plan.problems[0]?.fix).toMatch(/wait for the deletion to finish, then re-run/);
  });

  it('keeps the usual advice when the zone is full of live certificates', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: Array.from({ length: 10 }, (_, i) => foreign(`tf-${i}`)),
      }),
    );
    expect(plan.problems[0]?.fix).not.toMatch(/wait for the deletion/);
  });
});
