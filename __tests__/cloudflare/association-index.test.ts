/** The one reading of association rows: by meaning, never by row order. */
import { describe, expect, it } from 'vitest';
import { toHostnameCertificate } from '../../src/cloudflare/normalize.js';
import { indexAssociations, indexRemote, normalizeHostname } from '../../src/plan/remote-state.js';
import { holdsCertificate, servesCertificate, type AssociationRow } from '../../src/plan/statuses.js';

const row = (
  certId: string,
  enabled: boolean | null,
  status?: string,
  hostname = 'app.example.com',
): AssociationRow => ({
  hostname,
  certId,
  enabled,
  ...(status ? { status } : {}),
});

describe('what a row means', () => {
  it.each([
    [row('c1', true, 'active'), true, true],
    [row('c1', true, 'pending_deployment'), true, false],
    [row('c1', false, 'active'), true, false],
    [row('c1', null, 'active'), false, false],
    [row('c1', false, 'pending_deletion'), false, false],
    [row('c1', false, 'deleted'), false, false],
    [row('c1', true, 'deleted'), false, false],
  ])('%o holds: %s, serves: %s', (association, holds, serves) => {
    expect(holdsCertificate(association)).toBe(holds);
    expect(servesCertificate(association, 'c1')).toBe(serves);
    expect(servesCertificate(association, 'c2')).toBe(false);
  });

  it('compares hostnames lower-case without a trailing dot', () => {
    expect(normalizeHostname('App.Example.COM.')).toBe('app.example.com');
  });
});

describe('several rows for one hostname', () => {
  const live = row('new', true, 'active', 'App.example.com.');
  const stale = row('old', false, 'deleted');
  const disabled = row('other', false, 'active');

  it.each([
    ['live first', [live, stale]],
    ['live last', [stale, live]],
  ])('never shadow each other (%s)', (_order, rows) => {
    const index = indexAssociations(rows);
    expect(index.get('app.example.com')?.certId).toBe('new');
    expect(index.serves('app.example.com', 'new')).toBe(true);
    expect(index.serves('app.example.com', 'old')).toBe(false);
    expect(index.rowsOf('APP.example.com')).toHaveLength(2);
  });

  it('every row that holds counts: a disabled row blocks its certificate next to a live one', () => {
    for (const rows of [
      [live, disabled],
      [disabled, live],
    ]) {
      const index = indexAssociations(rows);
      expect(index.hostnamesHolding('other')).toEqual(['app.example.com']);
      expect(index.hostnamesHolding('new')).toEqual(['app.example.com']);
      expect(index.get('app.example.com')?.certId).toBe('new');
    }
  });

  it('the planner keeps only rows that hold, whatever their order', () => {
    const state = indexRemote({ certificates: [], associations: [stale, live], settingEnabled: null });
    expect(state.associations.get('app.example.com')?.certId).toBe('new');
    expect(state.associations.hostnamesHolding('old')).toEqual([]);
  });
});

describe('certificate-list items', () => {
  it("prefer cert_id and cert_status when an item has both names (the Go SDK's shape)", () => {
    expect(
      toHostnameCertificate({
        id: 'assoc-1',
        cert_id: 'cert-1',
        status: 'active',
        cert_status: 'pending_deletion',
      }),
    ).toMatchObject({ id: 'cert-1', status: 'pending_deletion' });
  });
});
