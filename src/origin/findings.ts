/** Probe results → findings and report text, pure. */
import type { Finding, Severity } from '../findings.js';
import { escapeText, table, code } from '../report/markdown.js';
import type { VerifyOrigin } from '../settings.js';
import { ORIGIN_RULES } from './rules.js';
import { snippetFix } from './snippets.js';
import { originKey, PROBE_LABEL, type HostnameProbes, type ProbeResult } from './types.js';

/** Lints whose error means an origin that checks properly refuses the leaf. */
const PREDICTING_LINTS = [
  'eku.client_auth',
  'ku.signing',
  'leaf.not_ca',
  'chain.issued_by_ca',
  'chain.ca_eku',
  'chain.ca_valid',
  'validity.window',
  'key.present_and_matches',
];

export interface FindingContext {
  mode: Exclude<VerifyOrigin, 'off'>;
  manifestFile: string;
  /** Line of each certificate's entry, by `zone/name`. */
  lines: Map<string, number>;
  /** The zone's origin-ca file (repository path), by zone. */
  originCaFiles: Map<string, string>;
  /** The run's other findings, to name the lint that predicted a refusal. */
  findings: Finding[];
  /** deploy: a refused leaf it would point hostnames at is an error whatever the mode. */
  refusalIsError?: boolean;
}

function where(probes: HostnameProbes): string {
  return `${probes.hostname} (origin ${originKey(probes.origin)})`;
}

export function probeFindings(all: HostnameProbes[], context: FindingContext): Finding[] {
  const severity: Severity = context.mode === 'enforce' ? 'error' : 'warning';
  const findings: Finding[] = [];
  for (const probes of all) {
    const key = `${probes.zone}/${probes.certificate}`;
    const base = {
      file: context.manifestFile,
      line: context.lines.get(key),
      zone: probes.zone,
      certificate: probes.certificate,
    };
    const caFile = context.originCaFiles.get(probes.zone) ?? 'origin-ca';
    const unreachable = probes.results.find((result) => result.verdict === 'unreachable');
    if (unreachable) {
      findings.push({
        ...base,
        severity: 'notice',
        rule: ORIGIN_RULES.unreachable.id,
        message: `The probes could not reach ${where(probes)}: ${unreachable.answer}.`,
        fix: 'Origins often accept only Cloudflare’s addresses: run verify-origin from a self-hosted runner that can reach the origin, or correct origin.address and origin.port.',
      });
    }
    for (const result of probes.results) {
      const finding = failure(result, probes, caFile, context);
      if (finding) {
        findings.push({
          ...base,
          severity: result.probe === 'leaf' && context.refusalIsError ? 'error' : severity,
          ...finding,
        });
      }
    }
  }
  return findings;
}

function failure(
  result: ProbeResult,
  probes: HostnameProbes,
  caFile: string,
  context: FindingContext,
): Pick<Finding, 'rule' | 'message' | 'fix'> | undefined {
  if (result.probe === 'none' && result.verdict === 'accepted') {
    return {
      rule: ORIGIN_RULES.notEnforced.id,
      message: `${where(probes)} answered a request that carried no client certificate: ${result.answer}. Anyone who finds the origin's address bypasses Cloudflare.`,
      fix: snippetFix(result.server, caFile),
    };
  }
  if (result.probe === 'foreign' && result.verdict === 'accepted') {
    return {
      rule: ORIGIN_RULES.acceptsForeign.id,
      message: `${where(probes)} accepted a client certificate from a CA made for this run, which it cannot trust: ${result.answer}. It asks for a certificate but does not verify it (nginx "optional_no_ca", or a CA file that trusts too much).`,
      fix: snippetFix(result.server, caFile),
    };
  }
  if (result.probe === 'leaf' && result.verdict === 'refused') {
    const predicted = context.findings.find(
      (finding) =>
        finding.severity === 'error' &&
        finding.zone === probes.zone &&
        finding.certificate === probes.certificate &&
        PREDICTING_LINTS.includes(finding.rule),
    );
    const because = predicted ? ` The lint ${predicted.rule} predicted this: ${predicted.message}` : '';
    const trust = `Add origin-ca (${caFile}) to the CA file the origin trusts for ${probes.hostname} and reload it; the old certificate keeps serving until the origin accepts the new one. Where this probe passes, no ca-rollover acknowledgement is needed.`;
    return {
      rule: ORIGIN_RULES.refusesLeaf.id,
      message: `${where(probes)} refused the manifest's leaf ${probes.certificate} presented with its key: ${result.answer}.${because}`,
      fix: predicted?.fix
        ? `${predicted.fix} Then re-run.`
        : silentRefusal(result)
          ? `The origin dropped the connection without a TLS alert or an HTTP answer, which is how a server with a broken TLS setup for ${probes.hostname} refuses everyone (a misspelt client-auth option, an unreadable CA file): read its error log for this handshake and fix what it names. If the log blames the client certificate: ${trust}`
          : trust,
    };
  }
  return undefined;
}

/** A refusal that names no reason: the origin reset or closed the connection, with no alert or page. */
function silentRefusal(result: ProbeResult): boolean {
  return /^TLS: connection (?:reset|closed)\b/.test(result.answer);
}

const VERDICT_ICON = {
  refused: '🔒 refused',
  accepted: '🔓 accepted',
  unreachable: '⛔ unreachable',
} as const;

function expected(result: ProbeResult): boolean {
  if (result.verdict === 'unreachable') return false;
  return result.probe === 'leaf' ? result.verdict === 'accepted' : result.verdict === 'refused';
}

/** The job summary's and the comment's section: one row per probe, with the origin's answer. */
export function probeSection(all: HostnameProbes[], title = 'Origin probes'): string {
  if (all.length === 0) return '';
  const rows = all.flatMap((probes) => [
    ...probes.results.map((result) => [
      code(probes.hostname),
      escapeText(originKey(probes.origin)),
      escapeText(PROBE_LABEL[result.probe]),
      `${VERDICT_ICON[result.verdict]} ${expected(result) ? '✅' : result.verdict === 'unreachable' ? 'ℹ️' : '❌'}`,
      escapeText(result.answer),
    ]),
    ...probes.skipped.map((skip) => [
      code(probes.hostname),
      escapeText(originKey(probes.origin)),
      escapeText(PROBE_LABEL[skip.probe]),
      'skipped',
      escapeText(skip.why),
    ]),
  ]);
  return `### ${title}\n\n${table(['Hostname', 'Origin', 'Probe', 'Result', "Origin's answer"], rows)}`;
}
