/**
 * The removal options a zone is planned with: the zone's own `prune` and `delete-replaced` from
 * the manifest when it sets them, else the job's inputs. A pull request's check cannot see the
 * deploy job's inputs, so where it plans with inputs other than the defaults it says so.
 */
import type { PlanOptions } from './types.js';

/** The inputs' defaults (action.yml). */
export const DEFAULT_REMOVALS = { deleteReplaced: true, prune: false } as const;

export type Removal = keyof typeof DEFAULT_REMOVALS;

const KEY: Record<Removal, string> = { deleteReplaced: 'delete-replaced', prune: 'prune' };

export interface ZoneRemovals {
  options: Pick<PlanOptions, Removal>;
  /** One sentence per value taken from a job input that differs from its default; none when all are defaults or set by the zone. */
  assumed: string[];
}

export function zoneRemovals(
  zone: Partial<Record<Removal, boolean>>,
  inputs: Record<Removal, boolean>,
): ZoneRemovals {
  const options = { ...inputs };
  const assumed: string[] = [];
  for (const key of Object.keys(DEFAULT_REMOVALS) as Removal[]) {
    const own = zone[key];
    if (own !== undefined) options[key] = own;
    else if (inputs[key] !== DEFAULT_REMOVALS[key]) {
      assumed.push(
        `Planned with ${KEY[key]}: ${inputs[key]} (this job's input; the default is ${DEFAULT_REMOVALS[key]}). Deploy uses its own input unless the zone sets ${KEY[key]} in the manifest.`,
      );
    }
  }
  return { options, assumed };
}
