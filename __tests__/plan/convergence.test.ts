import { describe, expect, it } from 'vitest';
import { planZone } from '../../src/plan/index.js';
import { afterApply, desired, foreign, on, owned, zoneInput, type Scenario } from './support.js';

const nine = Array.from({ length: 9 }, (_, i) => i);

const scenarios: Record<string, Scenario> = {
  'first deploy': {
    desired: [desired('app', ['app.example.com', 'www.example.com']), desired('api', ['api.example.com'])],
  },
  rotation: {
    desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
    certificates: [owned('c-app', 'sha-app')],
    associations: on('c-app', 'app.example.com'),
  },
  'rotation, delete-replaced off': {
    desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
    certificates: [owned('c-app', 'sha-app')],
    associations: on('c-app', 'app.example.com'),
    options: { deleteReplaced: false },
  },
  'rotation, delete-replaced off, prune on': {
    desired: [desired('app', ['app.example.com'], { sha256: 'sha-app-2' })],
    certificates: [owned('c-app', 'sha-app')],
    associations: on('c-app', 'app.example.com'),
    options: { deleteReplaced: false, prune: true },
  },
  'prune of hostnames and certificates': {
    desired: [desired('app', ['app.example.com'])],
    certificates: [owned('c-app', 'sha-app'), owned('c-gone', 'sha-gone'), foreign('tf-1')],
    associations: [
      ...on('c-app', 'app.example.com', 'www.example.com'),
      ...on('c-gone', 'gone.example.com'),
      ...on('tf-1', 'other.example.com'),
    ],
    options: { prune: true },
  },
  'waves at the limit': {
    desired: nine.map((i) =>
      desired(`c${i}`, [`h${i}.example.com`], { sha256: i < 3 ? `sha-c${i}-new` : `sha-c${i}` }),
    ),
    certificates: nine.map((i) => owned(`id-${i}`, `sha-c${i}`)),
    associations: nine.flatMap((i) => on(`id-${i}`, `h${i}.example.com`)),
  },
  'reuse and re-enable': {
    desired: [desired('app', ['app.example.com', 'www.example.com'])],
    certificates: [owned('c-app', 'sha-app', { status: 'initializing' })],
    associations: [{ hostname: 'www.example.com', certId: 'c-app', enabled: false, status: 'active' }],
  },
  'failed earlier upload': {
    desired: [desired('app', ['app.example.com'])],
    certificates: [owned('c-app', 'sha-app', { status: 'deployment_timed_out' })],
  },
  'a hostname taken from a certificate not owned': {
    desired: [desired('app', ['app.example.com'])],
    certificates: [foreign('tf-1')],
    associations: on('tf-1', 'app.example.com'),
    options: { prune: true },
  },
};

describe('planZone: a second plan after a successful apply is empty', () => {
  it.each(Object.entries(scenarios))('%s', (_name, scenario) => {
    const input = zoneInput(scenario);
    const first = planZone(input);
    expect(first.writes).toBeGreaterThan(0);
    const second = planZone(afterApply(input, first));
    expect(second.steps).toEqual([]);
    expect(second.writes).toBe(0);
    expect(second.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});
