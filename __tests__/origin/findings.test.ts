import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import { probeFindings, probeSection, type FindingContext } from '../../src/origin/findings.js';
import { acknowledgeCaChange, associationsToGate } from '../../src/origin/gate.js';
import type { HostnameProbes, ProbeResult } from '../../src/origin/types.js';
import type { ZonePlan } from '../../src/plan/index.js';

const origin = { address: '203.0.113.10', port: 443, path: '/' };

function probes(results: ProbeResult[], hostname = 'app.example.com'): HostnameProbes {
  return { zone: 'example.com', certificate: 'app', hostname, origin, results, skipped: [] };
}

const context = (overrides: Partial<FindingContext> = {}): FindingContext => ({
  mode: 'warn',
  manifestFile: 'aop-certs.yml',
  lines: new Map([['example.com/app', 7]]),
  originCaFiles: new Map([['example.com', 'pki/rootca.crt']]),
  findings: [],
  ...overrides,
});

const refused = (probe: ProbeResult['probe']): ProbeResult => ({
  probe,
  verdict: 'refused',
  answer: 'TLS: alert certificate required (116)',
});
const accepted = (probe: ProbeResult['probe']): ProbeResult => ({
  probe,
  verdict: 'accepted',
  answer: 'HTTP 200 OK (Server: nginx)',
  server: 'nginx',
});

describe('probeFindings', () => {
  it('finds nothing when the origin refuses strangers and accepts the leaf', () => {
    expect(
      probeFindings([probes([refused('none'), refused('foreign'), accepted('leaf')])], context()),
    ).toEqual([]);
  });

  it('maps each failed probe to its rule, at the certificate line, as warnings under warn and errors under enforce', () => {
    const all = [probes([accepted('none'), accepted('foreign'), refused('leaf')])];
    const warned = probeFindings(all, context());
    expect(warned.map((finding) => [finding.rule, finding.severity, finding.line])).toEqual([
      ['origin.not_enforced', 'warning', 7],
      ['origin.accepts_foreign', 'warning', 7],
      ['origin.refuses_leaf', 'warning', 7],
    ]);
    expect(warned[0]!.fix).toContain('ssl_client_certificate pki/rootca.crt; ssl_verify_client on;');
    expect(
      probeFindings(all, context({ mode: 'enforce' })).every((finding) => finding.severity === 'error'),
    ).toBe(true);
    expect(probeFindings(all, context({ refusalIsError: true })).map((finding) => finding.severity)).toEqual([
      'warning',
      'warning',
      'error',
    ]);
  });

  it('names the lint that predicted a refusal and gives its fix', () => {
    const lint: Finding = {
      severity: 'error',
      rule: 'eku.client_auth',
      message: 'The EKU lacks clientAuth.',
      fix: 'extendedKeyUsage = clientAuth',
      zone: 'example.com',
      certificate: 'app',
    };
    const [finding] = probeFindings([probes([refused('leaf')])], context({ findings: [lint] }));
    expect(finding!.message).toContain('The lint eku.client_auth predicted this');
    expect(finding!.fix).toBe('extendedKeyUsage = clientAuth Then re-run.');
  });

  it('says a refusal without an alert or an answer may be a broken origin, and where to look', () => {
    const silent: ProbeResult = {
      probe: 'leaf',
      verdict: 'refused',
      answer: 'TLS: connection reset by the origin',
    };
    const [finding] = probeFindings([probes([silent])], context());
    expect(finding!.fix).toMatch(/^The origin dropped the connection without a TLS alert/);
    expect(finding!.fix).toContain('error log');
    // The runner's own refusal to present the key is not the origin dropping anything.
    const local: ProbeResult = {
      probe: 'leaf',
      verdict: 'refused',
      answer: 'TLS: the client certificate could not be presented (ERR_OSSL_X)',
    };
    expect(probeFindings([probes([local])], context())[0]!.fix).not.toMatch(/dropped the connection/);
    const [alerted] = probeFindings([probes([refused('leaf')])], context());
    expect(alerted!.fix).toMatch(/^Add origin-ca \(pki\/rootca.crt\)/);
  });

  it('reports an unreachable origin once, as a notice', () => {
    const found = probeFindings(
      [
        {
          ...probes([{ probe: 'none', verdict: 'unreachable', answer: 'no TCP connection (ETIMEDOUT)' }]),
          skipped: [{ probe: 'foreign', why: 'the origin could not be reached' }],
        },
      ],
      context({ mode: 'enforce' }),
    );
    expect(found.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['origin.unreachable', 'notice'],
    ]);
  });

  it('renders a section with every probe and every skipped one', () => {
    const section = probeSection([
      { ...probes([refused('none')]), skipped: [{ probe: 'leaf', why: 'no private key in this job' }] },
    ]);
    expect(section).toContain(
      '| `app.example.com` | 203.0.113.10:443 | (a) no client certificate | 🔒 refused ✅ | TLS: alert certificate required (116) |',
    );
    expect(section).toContain("| (c) the manifest's leaf | skipped | no private key in this job |");
    expect(probeSection([])).toBe('');
  });
});

describe('deploy gate', () => {
  it('gates the hostnames of associate steps only', () => {
    const plan = {
      zone: 'example.com',
      steps: [
        { kind: 'upload', wave: 0, certificate: 'app', sha256: 'x', notAfter: new Date() },
        { kind: 'associate', wave: 0, certificate: 'app', hostnames: ['app.example.com'] },
        { kind: 'delete', wave: 0, id: 'old', reason: 'replaced', replacedBy: ['app'] },
      ],
    } as unknown as ZonePlan;
    expect(associationsToGate([plan])).toEqual(new Map([['example.com/app', ['app.example.com']]]));
  });

  it('turns a CA change into a notice only where the origin accepted the leaf for every hostname', () => {
    const change = (): Finding => ({
      severity: 'error',
      rule: 'plan.ca_change',
      message: 'moves CA.',
      zone: 'example.com',
      certificate: 'app',
    });
    const passed = [change()];
    acknowledgeCaChange(passed, [probes([accepted('leaf')]), probes([accepted('leaf')], 'www.example.com')]);
    expect(passed[0]!.severity).toBe('notice');
    const mixed = [change()];
    acknowledgeCaChange(mixed, [probes([accepted('leaf')]), probes([refused('leaf')], 'www.example.com')]);
    expect(mixed[0]!.severity).toBe('error');
  });
});
