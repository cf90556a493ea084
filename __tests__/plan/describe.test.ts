import { describe, expect, it } from 'vitest';
import {
  describeSetting,
  describeStep,
  duplicateCertificates,
  PLAN_RULES,
  planZone,
  type Step,
} from '../../src/plan/index.js';
import { desired, foreign, on, owned, zoneInput } from './support.js';

describe('describeStep', () => {
  const lines: [Step, string][] = [
    [
      {
        kind: 'upload',
        wave: 1,
        certificate: 'app',
        sha256: 'ab'.repeat(32),
        notAfter: new Date('2030-01-01T00:00:00Z'),
      },
      'Upload app (SHA-256 abababababababab…, expires 2030-01-01).',
    ],
    [
      { kind: 'reuse', wave: 1, certificate: 'app', id: 'c-1', status: 'pending_deployment' },
      'Reuse app: already in Cloudflare as c-1 (pending_deployment), no upload.',
    ],
    [
      {
        kind: 'associate',
        wave: 1,
        certificate: 'app',
        hostnames: ['a.example.com', 'b.example.com', 'c.example.com'],
        previous: [
          { hostname: 'a.example.com' },
          { hostname: 'b.example.com', certId: 'c-old', enabled: true },
          { hostname: 'c.example.com', certId: 'c-old', enabled: false },
        ],
      },
      'Point a.example.com, b.example.com, c.example.com at app (its new ID); before: a.example.com had none; b.example.com on c-old; c.example.com on c-old (disabled).',
    ],
    [
      {
        kind: 'disassociate',
        wave: 2,
        certId: 'c-old',
        hostnames: ['x.example.com'],
        fallback: 'zone-certificate',
      },
      'Remove the association of x.example.com with c-old (enabled: null); the origin then gets the zone-level certificate (the zone setting is enabled).',
    ],
    [
      { kind: 'disassociate', wave: 2, certId: 'c-old', hostnames: ['x.example.com'], fallback: 'none' },
      'Remove the association of x.example.com with c-old (enabled: null); the origin then gets no client certificate (the zone setting and global AOP tls_client_auth are both off).',
    ],
    [
      { kind: 'delete', wave: 1, id: 'c-old', reason: 'replaced', replacedBy: ['app', 'www'] },
      'Delete c-old: replaced by app, www.',
    ],
    [
      { kind: 'delete', wave: 1, id: 'c-old', reason: 'pruned', replacedBy: [] },
      'Delete c-old: owned, and no longer in the manifest (prune).',
    ],
    [
      { kind: 'delete', wave: 1, id: 'c-old', reason: 'failed-upload', replacedBy: ['app'] },
      'Delete c-old: a timed-out earlier upload of app, which is uploaded again.',
    ],
  ];

  it.each(lines)('%j', (step, line) => {
    expect(describeStep(step)).toBe(line);
  });

  it('describes the zone setting, unknown included', () => {
    expect(describeSetting(true)).toBe('Zone-level AOP setting: enabled.');
    expect(describeSetting(false)).toBe('Zone-level AOP setting: disabled.');
    expect(describeSetting(null)).toContain('unknown');
  });
});

describe('PLAN_RULES', () => {
  it('lists every rule the planner emits, with its default severity', () => {
    const listed = new Map<string, string>(PLAN_RULES.map((rule) => [rule.id, rule.severity]));
    const plans = [
      planZone(zoneInput({ desired: [desired('app', ['a.example.com'], { hasKey: false })] })),
      planZone(
        zoneInput({
          desired: [desired('app', ['a.example.com'], { caId: 'ca-new' })],
          certificates: [owned('old', 'sha-old', { caId: 'ca-old' }), foreign('tf-1')],
          associations: [...on('old', 'a.example.com')],
        }),
      ),
      planZone(
        zoneInput({
          desired: [desired('app', ['b.example.com'])],
          certificates: [foreign('tf-1'), owned('c-app', 'sha-app', { status: 'deployment_timed_out' })],
          associations: [...on('tf-1', 'b.example.com'), ...on('c-app', 'legacy.example.com')],
          options: { maxCertificates: 2 },
        }),
      ),
    ];
    const problems = [
      ...plans.flatMap((plan) => plan.problems),
      ...duplicateCertificates(
        'example.com',
        [
          { name: 'a', sha256: 'same', line: 3 },
          { name: 'b', sha256: 'same', line: 7 },
        ],
        'aop-certs.yml',
      ),
    ];
    const emitted = problems.filter((problem) => problem.severity !== 'notice');
    const rules = new Set(problems.map((problem) => problem.rule));
    expect([...rules].sort()).toEqual([...listed.keys()].sort());
    for (const problem of emitted) expect(listed.get(problem.rule)).toBe(problem.severity);
  });
});
