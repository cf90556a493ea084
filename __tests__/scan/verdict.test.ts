import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/findings.js';
import { scanZones } from '../../src/scan/index.js';
import { findingOf, isRestatedByScan } from '../../src/scan/verdict.js';
import type { ScanItem } from '../../src/scan/types.js';
import type { FailOnScan } from '../../src/scan/types.js';
import { association, entry, input, POLICY, remoteCert, repoCert } from './support.js';

const item = (level: ScanItem['level']): ScanItem => ({
  rule: 'scan.orphan',
  level,
  todo: 'redeploy',
  zone: 'example.com',
  certificate: 'app',
  hostnames: [],
  message: 'Something.',
  action: 'Re-run deploy.',
});

describe('fail-on-scan as severities', () => {
  it.each<[FailOnScan, string, string]>([
    ['critical', 'error', 'warning'],
    ['warning', 'error', 'error'],
    ['never', 'warning', 'warning'],
  ])('%s: critical → %s, warning → %s', (failOnScan, critical, warning) => {
    expect(findingOf(item('critical'), failOnScan).severity).toBe(critical);
    expect(findingOf(item('warning'), failOnScan).severity).toBe(warning);
  });

  it('carries what to do as the fix, and where', () => {
    expect(findingOf({ ...item('warning'), file: 'aop-certs.yml', line: 4 }, 'critical')).toEqual({
      severity: 'warning',
      rule: 'scan.orphan',
      message: 'Something.',
      fix: 'Re-run deploy.',
      zone: 'example.com',
      certificate: 'app',
      file: 'aop-certs.yml',
      line: 4,
    });
  });

  it('restates check expiry findings (one ID per fact); keeps "not valid yet" and the rest', () => {
    const finding = (rule: RuleId) => ({ severity: 'error' as const, rule, message: '' });
    expect(isRestatedByScan(finding('expiry.critical'))).toBe(true);
    expect(isRestatedByScan(finding('expiry.warn'))).toBe(true);
    expect(isRestatedByScan(finding('expiry.expired'))).toBe(true);
    expect(isRestatedByScan(finding('validity.window'))).toBe(false);
    expect(isRestatedByScan(finding('eku.client_auth'))).toBe(false);
  });

  it('gives rows the verdict of the findings about them', () => {
    const app = entry('app', ['app.example.com']);
    const api = entry('api', ['api.example.com'], 14);
    const zone = input(
      [repoCert(app, 'sha-app', 10), repoCert(api, 'sha-api', 300)],
      [remoteCert('id-app', 'sha-app'), remoteCert('id-api', 'sha-api')],
      [association('app.example.com', 'id-app'), association('api.example.com', 'id-api')],
    );
    const critical = scanZones([zone], POLICY, 'critical', []);
    expect(critical.rows.map((row) => [row.name, row.verdict])).toEqual([
      ['app', 'error'],
      ['api', 'ok'],
    ]);
    expect(critical.findings).toEqual([
      expect.objectContaining({ rule: 'expiry.critical', severity: 'error' }),
    ]);
    const never = scanZones([zone], POLICY, 'never', []);
    expect(never.rows[0]!.verdict).toBe('warning');
    const lint = {
      severity: 'error' as const,
      rule: 'eku.client_auth' as const,
      message: '',
      zone: 'example.com',
      certificate: 'api',
    };
    expect(scanZones([zone], POLICY, 'critical', [lint]).rows[1]!.verdict).toBe('error');
  });
});
