import { DomainError } from '@roaming/shared-kernel';
import type { TariffJson } from './tariff.model';

/**
 * One published version of a CPO's tariff, in the shape contract-registry publishes it (TariffPublished v1):
 * from `validFrom` on it prices sessions, until a later version of the same tariff starts.
 */
export interface TariffVersionJson {
  cpoPartyId: string;
  tariffId: string;
  version: number;
  audience: 'public' | 'negotiated';
  validFrom: string;
  tariff: TariffJson;
}

export type TariffSelection =
  | {
      kind: 'SELECTED';
      basis: 'NEGOTIATED' | 'PUBLIC';
      tariffId: string;
      version: number;
      validFrom: string;
      tariff: TariffJson;
    }
  | { kind: 'MISSING' | 'AMBIGUOUS'; reason: string };

export interface SelectTariffInput {
  cpoPartyId: string;
  /** The session's start (ISO-8601 instant): the tariff in force then prices the whole session. */
  at: string;
  /** The tariff the roaming agreement between the CPO and the EVSP names; null when it names none. */
  negotiatedTariffId: string | null;
  /** The tariff the record (CDR tariffId) says the CPO applied; null when it says none. */
  requestedTariffId: string | null;
  /** Every known version of the CPO's tariffs (others' are ignored), in any order, duplicates allowed. */
  versions: readonly TariffVersionJson[];
}

/**
 * Which tariff prices a record — a pure function: same inputs, same answer, and never a guess.
 *
 * A tariff is "in force at `at`" through its version in force: of the versions of that tariff (same CPO, same
 * tariffId), the one with the latest `validFrom` ≤ `at` (instants compared, not strings); two versions starting at the
 * same instant → the higher `version` number (the later publication). A tariff whose every version starts after `at`
 * is not in force.
 *
 * 1. The agreement's negotiated tariff wins (basis NEGOTIATED), whatever the record names and whatever the version's
 *    audience: the agreement is what both parties signed. If it has no version in force at `at` → MISSING. There is
 *    never a silent fall-back to a public tariff.
 * 2. Otherwise the CPO's public tariffs in force at `at` (a tariff counts as public when its version in force is
 *    public) are the candidates (basis PUBLIC):
 *    - the record names one of them → that one;
 *    - the record names none and there is exactly one → it;
 *    - there are none → MISSING (whatever the record names);
 *    - several and the record names none, or the record names a tariff that is not among them (unknown, not yet or no
 *      longer public, not in force) → AMBIGUOUS: the record contradicts what was published, so it is not priced by
 *      picking one (even when only one public tariff exists, a record that names another is reported, not guessed).
 *
 * MISSING and AMBIGUOUS carry a human-readable reason naming the CPO, the instant and the tariff ids involved: the
 * record is parked with it and reported.
 */
export function selectTariff(input: SelectTariffInput): TariffSelection {
  const at = instant(input.at, 'at');
  const inForce = versionsInForce(input.cpoPartyId, at, input.versions);

  if (input.negotiatedTariffId !== null) {
    const negotiated = inForce.get(input.negotiatedTariffId);
    if (!negotiated) {
      return {
        kind: 'MISSING',
        reason: `the agreement's negotiated tariff ${input.negotiatedTariffId} of ${input.cpoPartyId} has no version in force at ${input.at}`,
      };
    }
    return selected('NEGOTIATED', negotiated);
  }

  const publics = [...inForce.values()]
    .filter((v) => v.audience === 'public')
    .sort((a, b) => (a.tariffId < b.tariffId ? -1 : a.tariffId > b.tariffId ? 1 : 0));
  const named = input.requestedTariffId;
  if (publics.length === 0) {
    return {
      kind: 'MISSING',
      reason: `${input.cpoPartyId} has no public tariff in force at ${input.at}${named !== null ? ` (the record names ${named})` : ''}`,
    };
  }
  if (named !== null) {
    const match = publics.find((v) => v.tariffId === named);
    if (match) return selected('PUBLIC', match);
    return {
      kind: 'AMBIGUOUS',
      reason: `the record names tariff ${named}, which is not a public tariff of ${input.cpoPartyId} in force at ${input.at}; public tariffs in force: ${publics.map((v) => v.tariffId).join(', ')}`,
    };
  }
  if (publics.length === 1) return selected('PUBLIC', publics[0]);
  return {
    kind: 'AMBIGUOUS',
    reason: `${input.cpoPartyId} has ${publics.length} public tariffs in force at ${input.at} (${publics.map((v) => v.tariffId).join(', ')}) and the record names none`,
  };
}

/** Per tariffId of the CPO: its version in force at `at` (latest validFrom ≤ at, then highest version). */
function versionsInForce(
  cpoPartyId: string,
  at: number,
  versions: readonly TariffVersionJson[],
): Map<string, TariffVersionJson> {
  const best = new Map<string, { version: TariffVersionJson; from: number }>();
  for (const version of versions) {
    if (version.cpoPartyId !== cpoPartyId) continue;
    const from = instant(version.validFrom, `versions[${version.tariffId}@${version.version}].validFrom`);
    if (from > at) continue;
    const current = best.get(version.tariffId);
    if (!current || from > current.from || (from === current.from && version.version > current.version.version)) {
      best.set(version.tariffId, { version, from });
    }
  }
  return new Map([...best].map(([id, { version }]) => [id, version]));
}

function selected(basis: 'NEGOTIATED' | 'PUBLIC', v: TariffVersionJson): TariffSelection {
  return {
    kind: 'SELECTED',
    basis,
    tariffId: v.tariffId,
    version: v.version,
    validFrom: v.validFrom,
    tariff: v.tariff,
  };
}

function instant(value: string, field: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw DomainError.validation('TARIFF_SELECTION_INVALID', `${field} must be an ISO-8601 instant`, {
      field,
      rule: 'iso-8601',
    });
  }
  return ms;
}
