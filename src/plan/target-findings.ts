/** Findings about the manifest's certificates against the zone: keys, ownership of what they displace, CA changes. */
import type { Finding, Rule, Severity } from '../findings.js';
import { hostnamesHolding, type RemoteState } from './remote-state.js';
import { RULES } from './rules.js';
import type { Target } from './targets.js';
import type { ZoneInput } from './types.js';

export function targetFindings(targets: Target[], state: RemoteState, input: ZoneInput): Finding[] {
  return targets.flatMap((target) => [
    ...keyFindings(target, input),
    ...failedCopyFindings(target, state, input),
    ...displacedFindings(target, state, input),
  ]);
}

function finding(
  rule: Rule,
  target: Target,
  input: ZoneInput,
  text: { message: string; fix: string },
  severity: Severity = rule.severity,
): Finding {
  const found: Finding = {
    severity,
    rule: rule.id,
    ...text,
    zone: input.zone,
    certificate: target.desired.name,
  };
  const file = target.desired.file ?? input.manifestFile;
  if (file !== undefined) found.file = file;
  return found;
}

function keyFindings(target: Target, input: ZoneInput): Finding[] {
  // Where keys are not required (check on a PR, whose jobs get no secrets), their absence is no news.
  if (target.existing || target.desired.hasKey || input.options.keysRequired === false) return [];
  return [
    finding(RULES.keyMissing, target, input, {
      message: `Certificate ${target.desired.name} is not in zone ${input.zone} yet and must be uploaded, but no private key is available for it.`,
      fix: 'Give the deploy job the secret named by its private-key entry in the manifest.',
    }),
  ];
}

function failedCopyFindings(target: Target, state: RemoteState, input: ZoneInput): Finding[] {
  return target.failedCopies
    .filter((copy) => hostnamesHolding(state, copy.id).length > 0)
    .map((copy) =>
      finding(RULES.failedCopyInUse, target, input, {
        message: `Certificate ${target.desired.name} must be uploaded again, but its failed earlier upload ${copy.id} (${copy.status}) is still associated with hostnames, so it can be neither deleted nor uploaded over.`,
        fix: `Void those associations (PUT …/hostnames with enabled: null and cert_id ${copy.id}), then re-run.`,
      }),
    );
}

/**
 * The manifest names these hostnames, so re-pointing them is allowed even away from a certificate
 * that is not owned; that is reported. Moving a hostname to a leaf signed by another CA than the
 * one that signed the certificate serving it now needs the origin to trust the new CA first
 * (DESIGN §4, CA rollover). Both CAs are read from the leaves themselves (the PEM Cloudflare
 * returns, the file the manifest names), never from origin-ca, which the same change can replace.
 */
function displacedFindings(target: Target, state: RemoteState, input: ZoneInput): Finding[] {
  const unowned: string[] = [];
  const otherCa: string[] = [];
  const oldIssuers = new Set<string>();
  const newIssuer = target.desired.issuer;
  for (const move of target.moves) {
    if (move.certId === undefined || move.certId === target.existing?.id) continue;
    const current = state.certificates.get(move.certId);
    if (!current?.owned) unowned.push(`${move.hostname} (${move.certId})`);
    if (!move.enabled || !current) continue;
    const changes =
      current.issuerIdentity && newIssuer
        ? current.issuerIdentity.key !== newIssuer.key
        : current.owned &&
          current.caId !== undefined &&
          target.desired.caId !== undefined &&
          current.caId !== target.desired.caId;
    if (changes) {
      otherCa.push(move.hostname);
      oldIssuers.add(current.issuerIdentity?.name ?? shortId(current.caId));
    }
  }
  const findings: Finding[] = [];
  if (unowned.length > 0) {
    findings.push(
      finding(RULES.repointUnowned, target, input, {
        message: `${unowned.join(', ')} ${unowned.length === 1 ? 'is' : 'are'} served by a certificate not under the zone's origin-ca; the manifest names ${unowned.length === 1 ? 'it' : 'them'}, so ${unowned.length === 1 ? 'it moves' : 'they move'} to ${target.desired.name}. That certificate itself is left alone.`,
        fix: "Make sure the origin trusts the zone's origin-ca for these hostnames before merging.",
      }),
    );
  }
  if (otherCa.length > 0) {
    const newCa = newIssuer?.name ?? shortId(target.desired.caId);
    const oldCa = [...oldIssuers].join(', ');
    findings.push(
      input.caRollover
        ? finding(
            RULES.caChange,
            target,
            input,
            {
              message: `${otherCa.join(', ')} move from a certificate issued by ${oldCa} to ${target.desired.name}, issued by ${newCa}; allowed by ca-rollover: true.`,
              fix: 'Once every hostname is on the new CA, drop the old CA from origin-ca and ca-rollover from the zone.',
            },
            'notice',
          )
        : finding(RULES.caChange, target, input, {
            message: `${otherCa.join(', ')} would move from the certificate Cloudflare serves now, issued by ${oldCa}, to ${target.desired.name}, issued by ${newCa}; an origin that trusts only the old CA would refuse every request.`,
            fix: 'Make the origin trust both CAs, list both in origin-ca, and set ca-rollover: true on the zone.',
          }),
    );
  }
  return findings;
}

function shortId(caId: string | undefined): string {
  return caId === undefined ? '(unknown)' : `sha256:${caId.slice(0, 12)}…`;
}
