/** Plain-value builders for planner tests, and a model of what a successful apply leaves behind. */
import type {
  DesiredCertificate,
  PlanOptions,
  RemoteAssociation,
  RemoteCertificate,
  ZoneInput,
  ZonePlan,
} from '../../src/plan/index.js';

const CA = 'ca-current';
const NOT_AFTER = new Date('2030-01-01T00:00:00Z');

export function desired(
  name: string,
  hostnames: string[],
  extra: Partial<DesiredCertificate> = {},
): DesiredCertificate {
  return { name, sha256: `sha-${name}`, hostnames, notAfter: NOT_AFTER, caId: CA, hasKey: true, ...extra };
}

export function owned(id: string, sha256: string, extra: Partial<RemoteCertificate> = {}): RemoteCertificate {
  return { id, status: 'active', sha256, owned: true, caId: CA, ...extra };
}

export function foreign(id: string, extra: Partial<RemoteCertificate> = {}): RemoteCertificate {
  return { id, status: 'active', sha256: `sha-of-${id}`, owned: false, ...extra };
}

export function on(certId: string, ...hostnames: string[]): RemoteAssociation[] {
  return hostnames.map((hostname) => ({ hostname, certId, enabled: true, status: 'active' }));
}

export interface Scenario {
  desired: DesiredCertificate[];
  certificates?: RemoteCertificate[];
  associations?: RemoteAssociation[];
  settingEnabled?: boolean | null;
  options?: Partial<PlanOptions>;
  caRollover?: boolean;
}

export function zoneInput(scenario: Scenario): ZoneInput {
  return {
    zone: 'example.com',
    zoneId: 'zone-1',
    caRollover: scenario.caRollover ?? false,
    desired: scenario.desired,
    remote: {
      certificates: scenario.certificates ?? [],
      associations: scenario.associations ?? [],
      settingEnabled: scenario.settingEnabled === undefined ? false : scenario.settingEnabled,
      globalEnabled: false,
    },
    options: { deleteReplaced: true, prune: false, ...scenario.options },
    manifestFile: 'aop-certs.yml',
  };
}

/** What Cloudflare holds once every step succeeded and deployments settled; new IDs are `new-<name>`. */
export function afterApply(input: ZoneInput, plan: ZonePlan): ZoneInput {
  const certificates = input.remote.certificates.map((certificate) => ({ ...certificate }));
  const associations = new Map(
    input.remote.associations.map((association) => [association.hostname, { ...association }]),
  );
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'upload': {
        const source = input.desired.find((certificate) => certificate.name === step.certificate)!;
        certificates.push({
          id: `new-${step.certificate}`,
          status: 'active',
          sha256: step.sha256,
          owned: true,
          caId: source.caId,
        });
        break;
      }
      case 'reuse':
        certificates.find((certificate) => certificate.id === step.id)!.status = 'active';
        break;
      case 'associate':
        for (const hostname of step.hostnames) {
          associations.set(hostname, {
            hostname,
            certId: step.certId ?? `new-${step.certificate}`,
            enabled: true,
            status: 'active',
          });
        }
        break;
      case 'disassociate':
        for (const hostname of step.hostnames) {
          associations.set(hostname, {
            hostname,
            certId: step.certId,
            enabled: null,
            status: 'pending_deletion',
          });
        }
        break;
      case 'delete':
        certificates.find((certificate) => certificate.id === step.id)!.status = 'pending_deletion';
        break;
    }
  }
  return { ...input, remote: { ...input.remote, certificates, associations: [...associations.values()] } };
}

/** Steps as compact strings, in order: easy to compare whole. */
export function outline(plan: ZonePlan): string[] {
  return plan.steps.map((step) => {
    switch (step.kind) {
      case 'upload':
        return `${step.wave} upload ${step.certificate}`;
      case 'reuse':
        return `${step.wave} reuse ${step.certificate} ${step.id}`;
      case 'associate':
        return `${step.wave} associate ${step.certificate} ${step.hostnames.join(',')}`;
      case 'disassociate':
        return `${step.wave} disassociate ${step.certId} ${step.hostnames.join(',')} -> ${step.fallback}`;
      case 'delete':
        return `${step.wave} delete ${step.id} ${step.reason}`;
    }
  });
}

export function errors(plan: ZonePlan): string[] {
  return plan.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.rule);
}
