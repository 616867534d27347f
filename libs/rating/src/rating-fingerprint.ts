import { createHash } from 'crypto';
import { type ChargingSessionJson, parseChargingSession } from './charging-session';
import { type RatingOptions, roundingRule, type RoundingPer } from './rate-session';
import { parseTariff } from './tariff';
import type { TariffJson } from './tariff.model';
import { canonicalJson, type RoundingMode } from '@roaming/shared-kernel';

/**
 * The version of the rating rules. Raise it with any change to rateSession that can change a result for the same
 * inputs, so a fingerprint taken before names the engine that produced the stored rating.
 */
export const RATING_ENGINE_VERSION = 1;

/** Everything a rating depends on, in canonical form (defaults filled in, instants normalised to UTC). */
export interface RatingInputsJson {
  engineVersion: number;
  tariff: TariffJson;
  session: ChargingSessionJson;
  rounding: { mode: RoundingMode; per: RoundingPer };
}

/**
 * How a rating is reproducible: rateSession is a pure function of (tariff, session, rounding rule), so storing the
 * selected tariff's id and version (its JSON is in the TariffPublished event), the record's periods and time zone, and
 * the agreement's rounding rule — all of which are in the event history — is enough to re-run it and get identical
 * JSON. `ratingInputs` is that set in canonical form; `ratingFingerprint` its SHA-256 (hex), to store beside a rating
 * so an auditor's re-run can show it used the very same inputs.
 */
export function ratingInputs(
  tariff: TariffJson,
  session: ChargingSessionJson,
  options: RatingOptions = {},
): RatingInputsJson {
  const parsed = parseChargingSession(session);
  return {
    engineVersion: RATING_ENGINE_VERSION,
    tariff: parseTariff(tariff).json,
    session: {
      timeZone: parsed.timeZone,
      periods: parsed.periods.map((p) => ({
        startedAt: new Date(p.start).toISOString(),
        endedAt: new Date(p.end).toISOString(),
        state: p.charging ? 'CHARGING' : 'PARKING',
        energyWh: p.energyWh.toString(),
        ...(p.powerKw ? { powerKw: p.powerKw.toString() } : {}),
      })),
    },
    rounding: roundingRule(options),
  };
}

export function ratingFingerprint(
  tariff: TariffJson,
  session: ChargingSessionJson,
  options: RatingOptions = {},
): string {
  return createHash('sha256')
    .update(canonicalJson(ratingInputs(tariff, session, options)))
    .digest('hex');
}
