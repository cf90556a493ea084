import { describe, expect, it } from 'vitest';
import { proposalBranch } from '../../src/commands/proposal-session.js';
import { deriveName, keyVariable, parseZoneTarget } from '../../src/import/entries.js';

const ID = '023e105f4ecef8ad9ca31a8372d0c353';

describe('import entries', () => {
  it('reads zone IDs and name=id pairs, and nothing else', () => {
    expect(parseZoneTarget(ID)).toEqual({ id: ID });
    expect(parseZoneTarget(` Example.com = ${ID} `)).toEqual({ id: ID, name: 'example.com' });
    expect(parseZoneTarget('example.com')).toBeUndefined();
    expect(parseZoneTarget(`not a zone=${ID}`)).toBeUndefined();
    expect(parseZoneTarget(ID.toUpperCase())).toBeUndefined();
  });

  it('derives unique manifest names from common names', () => {
    const taken = new Set<string>();
    const names = [
      'app.example.com',
      'app.example.com',
      '*.example.com',
      'example.com',
      'Ops Team (EU)',
      undefined,
    ].map((cn) => deriveName(cn, 'example.com', taken));
    expect(names).toEqual(['app', 'app-2', 'wildcard', 'apex', 'ops-team-eu', 'certificate']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
    expect(keyVariable('example.com', 'app-2')).toBe('AOP_KEY_EXAMPLE_COM_APP_2');
  });

  it('names the branch after the manifest when it is not the default one', () => {
    expect(proposalBranch('renew', 'aop-certs.yml')).toBe('aop-certs/renew');
    expect(proposalBranch('import', 'infra/edge certs.yml')).toBe('aop-certs/import-infra-edge-certs.yml');
  });
});
