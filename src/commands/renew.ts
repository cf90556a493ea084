/**
 * `renew` (and `scan` with `renew: true`): for each zone with `renew:`, issues successors of the
 * certificates within `before-days` (or named in `renew-names`) with the zone's CA, and proposes
 * them in one pull request that the usual check validates and the usual deploy applies.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Finding, RuleId } from '../findings.js';
import { countsAsError } from '../findings.js';
import { readRepoFile } from '../files/repo-file.js';
import type { ManifestCertificate, ManifestZone, RenewSettings } from '../manifest/types.js';
import { certificateBlocks } from '../pki/certificate-file.js';
import { checkCertificate, type FileInput } from '../pki/index.js';
import { inspectCertificate, type InspectedCertificate } from '../pki/inspect.js';
import { loadOriginCa } from '../pki/origin-ca.js';
import type { InventoryItem } from '../inventory/index.js';
import { UserError } from '../errors.js';
import { GitHubRequestError } from '../github/index.js';
import { code, escapeText } from '../report/markdown.js';
import { renderPlan } from '../report/plan.js';
import type { RunReport } from '../report/model.js';
import { renewalBody, renewalTitle, type RenewalEntry } from '../renew/body.js';
import { ExtensionBuildError } from '../renew/extensions.js';
import { UnsupportedCaKeyError, keyMatches } from '../renew/sign.js';
import { KeyTypeError, makeSuccessor, type KeyPlan } from '../renew/successor.js';
import { maskSecret } from '../secrets.js';
import type { Settings } from '../settings.js';
import { cloudflareFor } from '../cloudflare/session.js';
import { inspect, type Inspection } from '../pipeline/inspect.js';
import { planReport, planZones } from '../pipeline/planning.js';
import { proposalBranch, proposalMarker, proposalsFor } from '../github/proposal-session.js';
import { zoneRemoteCache } from '../pipeline/remote-state.js';
import { scan } from './scan.js';
import { gatedCertificates } from './verify-origin.js';

interface Signer {
  ca: InspectedCertificate;
  caKey: KeyObject;
  description: string;
}

interface Renewal {
  entry: RenewalEntry;
  item: InventoryItem;
  files: Record<string, string>;
  successor: InspectedCertificate;
}

function zoneFinding(
  settings: Settings,
  zone: ManifestZone,
  rule: RuleId,
  message: string,
  fix: string,
): Finding {
  return { severity: 'error', rule, file: settings.config, line: zone.line, zone: zone.zone, message, fix };
}

function certificateFinding(settings: Settings, item: InventoryItem, message: string, fix: string): Finding {
  return {
    severity: 'error',
    rule: 'renew.not_renewable',
    file: settings.config,
    line: item.certificate.line,
    zone: item.zone.zone,
    certificate: item.certificate.name,
    message,
    fix,
  };
}

function isNamed(names: string[], zone: ManifestZone, certificate: ManifestCertificate): boolean {
  return names.some((name) => name === certificate.name || name === `${zone.zone}/${certificate.name}`);
}

function unknownNames(settings: Settings, zones: ManifestZone[]): Finding[] {
  return settings.renewNames
    .filter(
      (name) => !zones.some((zone) => zone.renew && zone.certificates.some((c) => isNamed([name], zone, c))),
    )
    .map((name) => {
      const zone = zones.find((candidate) =>
        candidate.certificates.some((c) => isNamed([name], candidate, c)),
      );
      return {
        severity: 'error',
        rule: 'renew.unknown_name',
        file: settings.config,
        ...(zone ? { line: zone.line, zone: zone.zone } : {}),
        message: zone
          ? `Input "renew-names" names ${name}, but zone ${zone.zone} has no \`renew:\` section, so aop-certs cannot sign for it.`
          : `Input "renew-names" names ${name}, which no selected zone of the manifest lists.`,
        fix: zone
          ? `Add \`renew: { ca-key-env: AOP_CA_KEY }\` to zone ${zone.zone} (see docs/renewals.md), or renew it by hand.`
          : 'Write the certificate\u2019s `name` (or `zone/name`) as the manifest spells it.',
      } satisfies Finding;
    });
}

/** The zone's signing CA and its key, read from its variable (masked, kept in memory only). */
async function loadSigner(
  settings: Settings,
  zone: ManifestZone,
  renew: RenewSettings,
  originCa: FileInput,
): Promise<Signer | Finding> {
  const fail = (message: string, fix: string) => zoneFinding(settings, zone, 'renew.ca', message, fix);
  const caPath = renew.caCertificate ?? originCa.path;
  const read =
    caPath === originCa.path
      ? { ok: true as const, bytes: originCa.bytes }
      : await readRepoFile(settings.workspace, caPath);
  if (!read.ok)
    return fail(
      `The signing CA ${caPath} cannot be read: ${read.detail}.`,
      'Point `renew.ca-certificate` at the CA certificate (PEM).',
    );
  const der = certificateBlocks(read.bytes, 'origin-ca').blocks[0]?.der;
  const ca = der && inspectCertificate(der);
  if (!ca)
    return fail(
      `${caPath} holds no readable CA certificate.`,
      'Point `renew.ca-certificate` at the CA certificate (PEM).',
    );
  if (!loadOriginCa(originCa.bytes).certificates.some((known) => known.certificate.sha256 === ca.sha256)) {
    return fail(
      `The signing CA ${caPath} (${ca.subject}) is not in origin-ca ${originCa.path}: its successors would not verify where the origin checks them.`,
      `Add the CA to ${originCa.path} first (the origin must trust it), or point \`renew.ca-certificate\` at a CA of origin-ca.`,
    );
  }
  const keyText = settings.runner.environment[renew.caKeyEnv];
  if (!keyText?.trim()) {
    return fail(
      `The CA key variable ${renew.caKeyEnv} is empty or unset, so no certificate of zone ${zone.zone} can be renewed.`,
      `Pass the CA key secret to this step: \`env: ${renew.caKeyEnv}: \${{ secrets.${renew.caKeyEnv} }}\`.`,
    );
  }
  maskSecret(keyText);
  const passphrase = renew.caPassphraseEnv ? settings.runner.environment[renew.caPassphraseEnv] : undefined;
  if (passphrase) maskSecret(passphrase);
  let caKey: KeyObject;
  try {
    caKey = createPrivateKey({ key: keyText, format: 'pem', passphrase: passphrase ?? '' });
  } catch {
    // Node's message may describe the key: our own words only.
    return fail(
      `The CA key in ${renew.caKeyEnv} does not load: it is not a PEM private key, or it is encrypted and ${renew.caPassphraseEnv ? `${renew.caPassphraseEnv} does not decrypt it` : 'no `ca-passphrase-env` is given'}.`,
      'Store the CA key as PEM (as `openssl genrsa -aes256 -out rootca.key` wrote it) and its passphrase in the variable `renew.ca-passphrase-env` names.',
    );
  }
  if (!keyMatches(caKey, ca.spki)) {
    return fail(
      `The key in ${renew.caKeyEnv} is not the key of the CA ${caPath} (${ca.subject}).`,
      'Store the key the CA certificate was made with, or point `renew.ca-certificate` at its certificate.',
    );
  }
  return { ca, caKey, description: `${code(caPath)} (${escapeText(ca.subject)})` };
}

function keyPlanOf(settings: Settings, item: InventoryItem): { plan: KeyPlan; note: string } | Finding {
  const source = item.certificate.privateKey;
  if (!source) {
    return {
      plan: { kind: 'same' },
      note: 'same public key; the manifest names no private key, and deploy needs one to upload the successor.',
    };
  }
  if ('env' in source) {
    return {
      plan: { kind: 'same' },
      note: `same public key, renewed without a new key: the secret \`${source.env}\` stays as it is.`,
    };
  }
  const passphrase = settings.runner.environment[source.passphraseEnv];
  if (!passphrase) {
    return certificateFinding(
      settings,
      item,
      `${item.zone.zone}/${item.certificate.name} cannot be renewed: its new key must be encrypted with the passphrase in ${source.passphraseEnv}, which is empty or unset.`,
      `Pass it to this step: \`env: ${source.passphraseEnv}: \${{ secrets.${source.passphraseEnv} }}\`.`,
    );
  }
  maskSecret(passphrase);
  return {
    plan: { kind: 'new', passphrase },
    note: `new ${item.facts?.keyDescription ?? ''} key, committed only encrypted (PKCS#8, PBES2, AES-256) in \`${source.file}\` with the passphrase in \`${source.passphraseEnv}\`.`,
  };
}

async function renewItem(
  settings: Settings,
  item: InventoryItem,
  signer: Signer,
  originCa: FileInput,
  reason: string,
  now: Date,
): Promise<Renewal | Finding> {
  const renew = item.zone.renew!;
  const oldDer = certificateBlocks(Buffer.from(item.facts!.pem), 'leaf').blocks[0]!.der;
  const oldLeaf = inspectCertificate(oldDer)!;
  const keyPlan = keyPlanOf(settings, item);
  if ('rule' in keyPlan) return keyPlan;
  let extFileText: string | undefined;
  if (item.certificate.extensions) {
    const read = await readRepoFile(settings.workspace, item.certificate.extensions);
    if (!read.ok) {
      return certificateFinding(
        settings,
        item,
        `${item.certificate.extensions} cannot be read: ${read.detail}.`,
        'Fix the extension file first.',
      );
    }
    extFileText = read.bytes.toString('utf8');
  }
  let successor;
  try {
    successor = makeSuccessor({
      oldLeaf,
      ca: signer.ca,
      caKey: signer.caKey,
      ...(extFileText === undefined ? {} : { extFileText }),
      validityDays: renew.validityDays,
      now,
      key: keyPlan.plan,
    });
  } catch (error) {
    if (!(
      error instanceof ExtensionBuildError ||
      error instanceof KeyTypeError ||
      error instanceof UnsupportedCaKeyError
    ))
      throw error;
    const where =
      error instanceof ExtensionBuildError
        ? `its extension file ${item.certificate.extensions}`
        : error instanceof KeyTypeError
          ? 'its key'
          : `the CA key (${error.message})`;
    return certificateFinding(
      settings,
      item,
      `${item.zone.zone}/${item.certificate.name} cannot be renewed: ${where}${error instanceof UnsupportedCaKeyError ? '' : `: ${error.message}`}.`,
      'Fix what the message names (the check lists the extension file\u2019s own findings), or renew this certificate by hand.',
    );
  }
  // The successor must pass the same checks as any certificate the manifest names.
  const check = await checkCertificate({
    zone: item.zone.zone,
    name: item.certificate.name,
    certificate: { path: item.certificate.certificate, bytes: Buffer.from(successor.pem) },
    originCa,
    hostnames: item.certificate.hostnames,
    ignore: item.certificate.ignore,
    now,
    warnDays: settings.warnDays,
    failDays: settings.failDays,
    changed: true,
  });
  const failing = check.findings.filter(countsAsError);
  if (failing.length > 0) {
    return certificateFinding(
      settings,
      item,
      `The successor of ${item.zone.zone}/${item.certificate.name} would fail ${failing.map((found) => found.rule).join(', ')}: ${failing[0]!.message}`,
      failing[0]!.fix ?? 'Fix the extension file or the zone\u2019s renew settings.',
    );
  }
  const files: Record<string, string> = { [item.certificate.certificate]: successor.pem };
  const source = item.certificate.privateKey;
  if (successor.encryptedKeyPem && source && 'file' in source) files[source.file] = successor.encryptedKeyPem;
  const facts = item.facts!;
  const entry: RenewalEntry = {
    zone: item.zone.zone,
    name: item.certificate.name,
    hostnames: item.certificate.hostnames,
    oldSerial: facts.serialNumber,
    newSerial: successor.certificate.serialNumber,
    oldSha256: facts.sha256,
    newSha256: successor.certificate.sha256,
    oldNotBefore: facts.notBefore,
    oldNotAfter: facts.notAfter,
    newNotBefore: successor.certificate.notBefore,
    newNotAfter: successor.certificate.notAfter,
    key: keyPlan.plan.kind,
    keyNote: keyPlan.note,
    reason,
    files: Object.keys(files),
  };
  return { entry, item, files, successor: successor.certificate };
}

/** What the merge's deploy will do: the real plan against Cloudflare when this run may read it. */
async function mergePlan(settings: Settings, inspection: Inspection, renewals: Renewal[]): Promise<string> {
  const generic =
    'On merge, deploy uploads each successor, waits until Cloudflare reports it active, points its hostnames at it, verifies, and then deletes the certificate it replaced (with `delete-replaced`, the default). The old certificate serves until then.';
  const client = await cloudflareFor(settings);
  if (!client)
    return `${generic} The check on this pull request shows the exact plan when it can read Cloudflare.`;
  try {
    const byItem = new Map(renewals.map((renewal) => [renewal.item, renewal]));
    const items = inspection.inventory.items.map((item) => {
      const renewal = byItem.get(item);
      if (!renewal || !item.facts) return item;
      const { successor } = renewal;
      return {
        ...item,
        privateKeyPem: renewal.entry.key === 'same' ? item.privateKeyPem : undefined,
        facts: {
          ...item.facts,
          serialNumber: successor.serialNumber,
          sha256: successor.sha256,
          notBefore: successor.notBefore,
          notAfter: successor.notAfter,
          pem: renewal.files[item.certificate.certificate]!,
        },
      };
    });
    const zones = inspection.zones.filter((zone) => renewals.some((renewal) => renewal.item.zone === zone));
    const plannings = await planZones(
      settings,
      { ...inspection, zones, inventory: { ...inspection.inventory, items } },
      zoneRemoteCache(client),
      false,
    );
    const plans = plannings.flatMap((planning) =>
      planning.plan
        ? [
            planReport(
              { ...planning, plan: planning.plan },
              planning.findings,
              gatedCertificates(settings, inspection),
            ),
          ]
        : [],
    );
    const unplanned = plannings
      .filter((planning) => !planning.plan)
      .map((planning) => planning.findings[0]?.message ?? planning.zone.zone);
    return [
      plans.length > 0 ? `Planned against what Cloudflare serves now:\n\n${renderPlan(plans)}` : generic,
      ...unplanned.map((message) => `> ${escapeText(message)}`),
    ].join('\n\n');
  } catch (error) {
    return `${generic} (Cloudflare could not be read to plan it exactly: ${escapeText((error as Error).message)}.)`;
  } finally {
    await client.close();
  }
}

export async function renew(settings: Settings, now: Date): Promise<RunReport> {
  // Renew changes nothing in the checkout: every certificate counts as unchanged, so expiry is a
  // warning here (it is the reason for the run), never what fails it.
  const inspection = await inspect(settings, now, () => async () => false);
  const report: RunReport = {
    command: 'renew',
    manifest: settings.config,
    rows: inspection.rows,
    findings: [...inspection.findings],
    notes: [],
    renewed: [],
  };
  if (!inspection.manifest) return report;
  if (inspection.manifestErrors) {
    // A proposal built on a manifest that does not hold would only fail its own check.
    report.notes.push('The manifest has errors, so nothing was renewed: fix them first.');
    return report;
  }
  const zones = inspection.zones.filter((zone) => zone.renew);
  report.findings.push(...unknownNames(settings, inspection.zones));
  if (zones.length === 0) {
    report.notes.push(
      'No selected zone has a `renew:` section, so there is nothing aop-certs may sign (see docs/renewals.md).',
    );
  }
  const renewals: Renewal[] = [];
  const signers: Record<string, string> = {};
  for (const zone of zones) {
    const renewSettings = zone.renew!;
    const due = inspection.inventory.items.filter((item) => {
      if (item.zone !== zone || !item.facts) return false;
      return (
        item.facts.daysLeft < renewSettings.beforeDays || isNamed(settings.renewNames, zone, item.certificate)
      );
    });
    if (due.length === 0) continue;
    const originCa = inspection.inventory.originCas.get(zone.zone);
    if (!originCa) continue;
    const signer = await loadSigner(settings, zone, renewSettings, originCa);
    if ('rule' in signer) {
      report.findings.push(signer);
      continue;
    }
    signers[zone.zone] = signer.description;
    for (const item of due) {
      const daysLeft = item.facts!.daysLeft;
      const reason = isNamed(settings.renewNames, zone, item.certificate)
        ? `named in renew-names (${daysLeft} days left)`
        : `${daysLeft} days left, fewer than before-days (${renewSettings.beforeDays})`;
      const renewed = await renewItem(settings, item, signer, originCa, reason, now);
      if ('rule' in renewed) report.findings.push(renewed);
      else renewals.push(renewed);
    }
  }
  report.renewed = renewals.map(({ entry }) => ({
    zone: entry.zone,
    name: entry.name,
    oldSerial: entry.oldSerial,
    newSerial: entry.newSerial,
    oldSha256: entry.oldSha256,
    newSha256: entry.newSha256,
    oldNotAfter: entry.oldNotAfter,
    newNotAfter: entry.newNotAfter,
    key: entry.key,
  }));
  report.rows = inspection.rows.map((row) => {
    const renewal = renewals.find(({ entry }) => entry.zone === row.zone && entry.name === row.name);
    return renewal ? { ...row, action: `renewed: serial ${renewal.entry.newSerial}` } : row;
  });
  const branch = proposalBranch('renew', settings.config);
  if (renewals.length === 0) {
    // Nothing to write: a run without a token still reports, it just cannot look for an open PR.
    const canAsk = Boolean(settings.githubToken && settings.event.owner && settings.event.repo);
    const open = canAsk ? await proposalsFor(settings, 'renew').openFrom(branch) : undefined;
    report.notes.push(
      open
        ? `Nothing to renew; the open renewal pull request #${open.number} is left as it is.`
        : 'Nothing to renew: no certificate of a zone with `renew:` is within its before-days or named in renew-names.',
    );
    if (open) report.pullRequest = { number: open.number, url: open.url, action: 'unchanged' };
    return report;
  }
  const marker = proposalMarker('renew', settings.config);
  const body = `${renewalBody({
    manifest: settings.config,
    marker,
    entries: renewals.map(({ entry }) => entry),
    signers,
    plan: await mergePlan(settings, inspection, renewals),
  })}\n\n${marker}`;
  const title = renewalTitle(renewals.map(({ entry }) => entry));
  report.sections = [`### Renewal pull request\n\n**${escapeText(title)}**\n\n${body}`];
  if (settings.dryRun) {
    report.notes.push(`dry-run: the renewal pull request was not opened (branch ${branch}).`);
    return report;
  }
  const result = await proposalsFor(settings, 'renew').propose({
    branch,
    title,
    body,
    commitMessage: `${title}\n\nIssued by aop-certs with the zone CA; see the pull request for serials and fingerprints.`,
    files: Object.assign({}, ...renewals.map((renewal) => renewal.files)) as Record<string, string>,
  });
  report.pullRequest = { number: result.number, url: result.url, action: result.action };
  report.notes.push(
    `Renewal pull request #${result.number} ${result.action === 'created' ? 'opened' : 'updated in place'} on branch ${branch}: ${result.url}`,
  );
  return report;
}

/** `scan` with `renew: true`: the scan's report, plus the renewal's pull request and findings. */
export async function scanAndRenew(settings: Settings, now: Date): Promise<RunReport> {
  const scanned = await scan(settings, now);
  let renewed: RunReport;
  try {
    renewed = await renew(settings, now);
  } catch (error) {
    // The scan's report (tracking issue, outputs) is kept whatever stops the renewal.
    if (!(error instanceof UserError || error instanceof GitHubRequestError)) throw error;
    return {
      ...scanned,
      findings: [
        ...scanned.findings,
        {
          severity: 'error',
          rule: 'renew.not_renewable',
          file: settings.config,
          message: `The renewal part of this scan stopped: ${error.message}`,
          fix: 'Fix what the message names (token, permissions, inputs), then re-run; the scan above is complete.',
        },
      ],
    };
  }
  return {
    ...scanned,
    findings: [
      ...scanned.findings,
      ...renewed.findings.filter((finding) => finding.rule.startsWith('renew.')),
    ],
    notes: [...scanned.notes, ...renewed.notes],
    sections: [...(scanned.sections ?? []), ...(renewed.sections ?? [])],
    renewed: renewed.renewed ?? [],
    ...(renewed.pullRequest ? { pullRequest: renewed.pullRequest } : {}),
  };
}
