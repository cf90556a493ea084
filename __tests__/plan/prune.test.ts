import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { desired, foreign, on, outline, owned, zoneInput } from './support.js';

const removedHostname = {
  desired: [desired('app', ['app.example.com'])],
  certificates: [owned('c-app', 'sha-app')],
  associations: on('c-app', 'app.example.com', 'www.example.com'),
};

describe('planZone: removing and pruning', () => {
  it('without prune, a hostname dropped from the manifest keeps its association, reported as left in place', () => {
    const plan = planZone(zoneInput(removedHostname));
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toEqual([
      expect.objectContaining({ certId: 'c-app', hostname: 'www.example.com', owned: true }),
    ]);
  });

  it.each([
    [false, undefined, 'global-unknown'],
    [false, false, 'none'],
    [false, true, 'global-certificate'],
    [true, undefined, 'zone-certificate'],
    [true, false, 'zone-certificate'],
    [null, undefined, 'unknown'],
  ] as const)(
    'with prune, the zone setting %s and global AOP %s, voids it and says the origin gets %s',
    (settingEnabled, globalEnabled, fallback) => {
      const input = zoneInput({ ...removedHostname, settingEnabled, options: { prune: true } });
      const plan = planZone({ ...input, remote: { ...input.remote, globalEnabled } });
      expect(outline(plan)).toEqual([`1 disassociate c-app www.example.com -> ${fallback}`]);
      expect(plan.writes).toBe(1);
      expect(plan.untouched).toEqual([]);
    },
  );

  const orphan = {
    desired: [desired('app', ['app.example.com'])],
    certificates: [owned('c-app', 'sha-app'), owned('c-gone', 'sha-gone')],
    associations: [...on('c-app', 'app.example.com'), ...on('c-gone', 'gone.example.com')],
  };

  it('without prune, an owned certificate the manifest no longer names is left, with its hostnames', () => {
    const plan = planZone(zoneInput(orphan));
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toEqual([
      expect.objectContaining({
        certId: 'c-gone',
        owned: true,
        reason: expect.stringContaining('gone.example.com'),
      }),
    ]);
  });

  it('with prune, voids its associations then deletes it', () => {
    const plan = planZone(zoneInput({ ...orphan, options: { prune: true } }));
    expect(outline(plan)).toEqual([
      '1 disassociate c-gone gone.example.com -> none',
      '1 delete c-gone pruned',
    ]);
  });

  it('prune comes after the rotation it accompanies', () => {
    const plan = planZone(
      zoneInput({
        ...orphan,
        desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
        options: { prune: true },
      }),
    );
    expect(outline(plan)).toEqual([
      '1 upload app',
      '1 associate app app.example.com',
      '1 delete c-app replaced',
      '1 disassociate c-gone gone.example.com -> none',
      '1 delete c-gone pruned',
    ]);
  });

  it('never touches certificates of another CA, nor their hostnames, even with prune', () => {
    const plan = planZone(
      zoneInput({
        desired: [desired('app', ['app.example.com'])],
        certificates: [
          foreign('tf-1'),
          foreign('tf-2'),
          foreign('hand-1', { status: 'deployment_timed_out' }),
        ],
        associations: on('tf-1', 'other.example.com'),
        options: { prune: true, deleteReplaced: true },
      }),
    );
    expect(outline(plan)).toEqual(['1 upload app', '1 associate app app.example.com']);
    expect(plan.untouched.map((left) => [left.certId, left.owned])).toEqual([
      ['tf-1', false],
      ['tf-2', false],
      ['hand-1', false],
    ]);
    expect(plan.untouched[0]!.reason).toContain('other.example.com');
  });

  it('a certificate already being deleted needs no step and is not reported', () => {
    const plan = planZone(
      zoneInput({
        desired: [],
        certificates: [
          owned('c-old', 'sha-old', { status: 'pending_deletion' }),
          foreign('tf-1', { status: 'deleted' }),
        ],
        options: { prune: true },
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.untouched).toEqual([]);
  });

  it('retries the deletion of an owned certificate whose deletion timed out (prune)', () => {
    const plan = planZone(
      zoneInput({
        desired: [],
        certificates: [owned('c-old', 'sha-old', { status: 'deletion_timed_out' })],
        options: { prune: true, deleteReplaced: false },
      }),
    );
    expect(outline(plan)).toEqual(['1 delete c-old pruned']);
  });
});
