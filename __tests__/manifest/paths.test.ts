import { describe, expect, it } from 'vitest';
import { manifestRelative } from '../../src/manifest/paths.js';

describe('manifestRelative', () => {
  it('resolves paths against the manifest folder', () => {
    expect(manifestRelative('infra/aop-certs.yml', 'pki/a.crt')).toBe('infra/pki/a.crt');
    expect(manifestRelative('aop-certs.yml', './pki/a.crt')).toBe('pki/a.crt');
    expect(manifestRelative('infra/aop-certs.yml', '../../etc/passwd')).toBe('../etc/passwd');
  });
});
