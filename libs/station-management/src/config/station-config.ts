import { ConfigValidationError, type ConfigViolation, type Environment } from '@roaming/platform';

/** The station-management context's own settings (validated at boot; the only place that reads its variables). */
export interface StationConfig {
  /** A reported status older than this is shown as stale (eMI3 UCE U: "should not be older than 60 sec"). */
  statusFreshnessSeconds: number;
  /** How long a CPO has to answer a relayed reservation before it expires (IEC 63119-2 UC3-8). */
  reservationResponseSeconds: number;
  /** Grace after a reservation's end before an unused one counts as a no-show. */
  reservationNoShowGraceSeconds: number;
  /** How long a CPO has to report the outcome of a relayed remote command (IEC 63119-2 UC5-2/5-3). */
  commandTimeoutSeconds: number;
}

export const DEFAULT_STATION_CONFIG: StationConfig = Object.freeze({
  statusFreshnessSeconds: 60,
  reservationResponseSeconds: 60,
  reservationNoShowGraceSeconds: 0,
  commandTimeoutSeconds: 60,
});

const VARIABLES: Record<keyof StationConfig, string> = {
  statusFreshnessSeconds: 'EVSE_STATUS_FRESHNESS_SECONDS',
  reservationResponseSeconds: 'RESERVATION_RESPONSE_SECONDS',
  reservationNoShowGraceSeconds: 'RESERVATION_NO_SHOW_GRACE_SECONDS',
  commandTimeoutSeconds: 'STATION_COMMAND_TIMEOUT_SECONDS',
};

/** Reads the variables above (whole seconds, 0 to one day); reports every violation at once. */
export function loadStationConfig(env: Environment = process.env): StationConfig {
  const violations: ConfigViolation[] = [];
  const config = { ...DEFAULT_STATION_CONFIG };
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof StationConfig, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(value) && value <= 86_400) config[key] = value;
    else
      violations.push({
        variable,
        rule: 'seconds',
        message: `must be whole seconds from 0 to 86400, got ${JSON.stringify(raw)}`,
      });
  }
  if (violations.length > 0) throw new ConfigValidationError('station-management', violations);
  return Object.freeze(config);
}
