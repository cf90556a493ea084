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

describe('readSettings: api-url', () => {
  const run = async (apiUrl: string) => {
    const { readSettings } = await import('../../src/settings.js');
    const env = {
      INPUT_COMMAND: 'check',
      'INPUT_API-URL': apiUrl,
      'INPUT_API-TOKEN': 'token-0123456789',
      'INPUT_WARN-DAYS': '30',
      'INPUT_FAIL-DAYS': '14',
      'INPUT_DRY-RUN': 'false',
      INPUT_COMMENT: 'true',
      'INPUT_DELETE-REPLACED': 'true',
      INPUT_PRUNE: 'false',
      'INPUT_WAIT-ACTIVE-SECONDS': '300',
      'INPUT_FAIL-ON-SCAN': 'critical',
      'INPUT_VERIFY-ORIGIN': 'warn',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return readSettings();
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  };

  it('takes https anywhere and http only on this machine, so the token never crosses a network in clear', async () => {
    expect((await run('https://api.cloudflare.com/client/v4/')).cloudflare?.apiUrl).toBe(
      'https://api.cloudflare.com/client/v4',
    );
    expect((await run('http://127.0.0.1:8080/client/v4')).cloudflare?.apiUrl).toBe(
      'http://127.0.0.1:8080/client/v4',
    );
    await expect(run('http://api.example.com/client/v4')).rejects.toThrow(
      /must be an https URL \(http only for localhost\)/,
    );
  });
});
