import { describe, expect, it } from 'vitest';
import { commandFor, type EventContext } from '../../src/settings.js';

const event = (name: string, ref = 'refs/heads/main'): EventContext => ({
  name,
  ref,
  sha: 'a'.repeat(40),
  owner: 'acme',
  repo: 'edge',
  defaultBranch: 'main',
});

describe('commandFor', () => {
  it('maps events as DESIGN §3 says', () => {
    expect(commandFor('auto', event('pull_request'))).toBe('check');
    expect(commandFor('auto', event('push'))).toBe('deploy');
    expect(commandFor('auto', event('schedule'))).toBe('scan');
  });

  it('keeps an explicit command whatever the event', () => {
    expect(commandFor('scan', event('workflow_dispatch'))).toBe('scan');
    expect(commandFor('check', event('push', 'refs/heads/feature'))).toBe('check');
  });

  it('asks for an explicit command on other events and on pushes to other branches', () => {
    expect(() => commandFor('auto', event('workflow_dispatch'))).toThrow(
      /Set "command" to check, deploy or scan/,
    );
    expect(() => commandFor('auto', event('push', 'refs/heads/feature'))).toThrow(/push is to "feature"/);
  });
});
