import { deciderSpec } from '@roaming/testing';
import type { ReserveAgreementPeriod } from './agreement-pair.commands';
import { agreementPairDecider } from './agreement-pair.decider';
import type { AgreementPairEvent } from './agreement-pair.events';

const pair = { cpoPartyId: 'DEABC', emspPartyId: 'NLEVB' };
const reserve = (agreementId: string, validFrom: string, validUntil: string | null): ReserveAgreementPeriod => ({
  type: 'ReserveAgreementPeriod',
  data: { ...pair, agreementId, validFrom, validUntil },
});
const reserved = (agreementId: string, validFrom: string, validUntil: string | null): AgreementPairEvent => ({
  type: 'AgreementPeriodReserved',
  data: { ...pair, agreementId, validFrom, validUntil },
});

const y2026 = reserved('a-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
const spec = () => deciderSpec(agreementPairDecider);

describe('agreement pair decider (one agreement per CPO/EVSP pair at any instant)', () => {
  it('reserves a period on a new pair', () => {
    spec()
      .when(reserve('a-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'))
      .then([y2026]);
  });

  it('reserves a period that starts where the previous one ends (half-open periods)', () => {
    spec()
      .given([y2026])
      .when(reserve('a-2', '2027-01-01T00:00:00.000Z', null))
      .then([reserved('a-2', '2027-01-01T00:00:00.000Z', null)]);
  });

  it('refuses an overlapping period and names the agreement it clashes with', () => {
    const error = spec()
      .given([y2026])
      .when(reserve('a-2', '2026-12-31T00:00:00.000Z', '2027-06-01T00:00:00.000Z'))
      .thenThrows('AGREEMENT_OVERLAP', 'conflict');
    expect(error.details).toEqual({ conflictingAgreementId: 'a-1' });
  });

  it('refuses an open-ended period that covers a later one', () => {
    spec()
      .given([reserved('a-1', '2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z')])
      .when(reserve('a-2', '2026-01-01T00:00:00.000Z', null))
      .thenThrows('AGREEMENT_OVERLAP', 'conflict');
  });

  it('changes nothing when the same agreement reserves again (retried offer)', () => {
    spec()
      .given([y2026])
      .when(reserve('a-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'))
      .thenNothing();
  });
});
