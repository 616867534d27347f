import type { InboundCdrV1 } from '@roaming/contracts';

/**
 * A plausible CDR as a CPO sends it: EVSE DE*ABC*E1001*1 (CPO DEABC), contract DE-8AA-001234567-0 (EVSP DE8AA),
 * one hour, 22 kWh, 9.68 EUR. The test fixtures and specs start from it and change what they test.
 */
export function sampleInboundCdr(overrides: Partial<InboundCdrV1> = {}): InboundCdrV1 {
  return {
    cdrId: 'CDR-1',
    evseId: 'DE*ABC*E1001*1',
    emaid: 'DE-8AA-001234567-0',
    tokenUid: '04A2B3C4D5E6F7',
    startedAt: '2026-03-01T10:00:00Z',
    endedAt: '2026-03-01T11:00:00Z',
    energyWh: 22_000,
    totalCost: { amount: '9.68', currency: 'EUR' },
    ...overrides,
  };
}
