/** Settlement's settings (validated when read; no process.env elsewhere in this context). */
export interface SettlementConfig {
  /** The clearing house's own party id: fees are owed to it in the netting. */
  hubPartyId: string;
  /** How long after a period's end the schedule waits for late records before closing it. */
  closeGraceMs: number;
  /** How often the schedule looks for due periods. */
  closeIntervalMs: number;
}

export const SETTLEMENT_CONFIG = Symbol('settlement config');

export const DEFAULT_SETTLEMENT_CONFIG: SettlementConfig = {
  hubPartyId: 'ZZHUB',
  closeGraceMs: 2 * 86_400_000,
  closeIntervalMs: 60_000,
};

export function loadSettlementConfig(env: NodeJS.ProcessEnv = process.env): SettlementConfig {
  const hubPartyId = env.SETTLEMENT_HUB_PARTY_ID ?? DEFAULT_SETTLEMENT_CONFIG.hubPartyId;
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(hubPartyId))
    throw new Error('SETTLEMENT_HUB_PARTY_ID must be a party id like ZZHUB');
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
    return value;
  };
  return {
    hubPartyId,
    closeGraceMs: number('SETTLEMENT_CLOSE_GRACE_MS', DEFAULT_SETTLEMENT_CONFIG.closeGraceMs),
    closeIntervalMs: number('SETTLEMENT_CLOSE_INTERVAL_MS', DEFAULT_SETTLEMENT_CONFIG.closeIntervalMs),
  };
}
