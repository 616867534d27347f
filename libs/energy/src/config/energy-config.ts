import { ConfigValidationError, type ConfigViolation, type Environment } from '@roaming/platform';

/** How long CPOs have to acknowledge a grid request, by priority, before their silence is flagged (GeM 1572). */
export interface EnergyConfig {
  acknowledgeSeconds: { EMERGENCY: number; HIGH: number; NORMAL: number };
}

export const DEFAULT_ENERGY_CONFIG: EnergyConfig = Object.freeze({
  acknowledgeSeconds: Object.freeze({ EMERGENCY: 60, HIGH: 300, NORMAL: 900 }),
});

const VARIABLES = {
  EMERGENCY: 'GRID_ACK_EMERGENCY_SECONDS',
  HIGH: 'GRID_ACK_HIGH_SECONDS',
  NORMAL: 'GRID_ACK_NORMAL_SECONDS',
} as const;

export const ENERGY_CONFIG = Symbol('energy config');

/** Reads the variables above (whole seconds, 1 to one day); reports every violation at once. */
export function loadEnergyConfig(env: Environment = process.env): EnergyConfig {
  const violations: ConfigViolation[] = [];
  const seconds = { ...DEFAULT_ENERGY_CONFIG.acknowledgeSeconds };
  for (const [priority, variable] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (value >= 1 && value <= 86_400) seconds[priority] = value;
    else
      violations.push({
        variable,
        rule: 'seconds',
        message: `must be whole seconds from 1 to 86400, got ${JSON.stringify(raw)}`,
      });
  }
  if (violations.length > 0) throw new ConfigValidationError('energy', violations);
  return Object.freeze({ acknowledgeSeconds: Object.freeze(seconds) });
}
