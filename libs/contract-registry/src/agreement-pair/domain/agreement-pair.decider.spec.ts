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

  describe('period changes and releases', () => {
    const change = (agreementId: string, validFrom: string, validUntil: string | null) =>
      ({ type: 'ChangeAgreementPeriod', data: { ...pair, agreementId, validFrom, validUntil } }) as const;
    const release = (agreementId: string) =>
      ({ type: 'ReleaseAgreementPeriod', data: { ...pair, agreementId } }) as const;
    const y2027 = reserved('a-2', '2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z');

    it('prolongs a period into free time (GeM FTR 1397)', () => {
      const state = spec()
        .given([y2026])
        .when(change('a-1', '2026-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z'))
        .then([
          {
            type: 'AgreementPeriodChanged',
            data: {
              ...pair,
              agreementId: 'a-1',
              validFrom: '2026-01-01T00:00:00.000Z',
              validUntil: '2026-12-31T00:00:00.000Z',
            },
          },
        ]);
      expect(state.periods).toEqual([
        { agreementId: 'a-1', validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-12-31T00:00:00.000Z' },
      ]);
    });

    it('refuses a prolongation into the period of the next agreement of the pair', () => {
      spec()
        .given([y2026, y2027])
        .when(change('a-1', '2026-01-01T00:00:00.000Z', null))
        .thenThrows('AGREEMENT_OVERLAP', 'conflict');
    });

    it('changes nothing when the period is already so', () => {
      spec()
        .given([y2026])
        .when(change('a-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'))
        .thenNothing();
    });

    it('releases a declined agreement: its period is free for a new offer', () => {
      const state = spec()
        .given([y2026])
        .when(release('a-1'))
        .then([{ type: 'AgreementPeriodReleased', data: { ...pair, agreementId: 'a-1' } }]);
      expect(state.periods).toEqual([]);
      spec()
        .given([y2026, { type: 'AgreementPeriodReleased', data: { ...pair, agreementId: 'a-1' } }])
        .when(reserve('a-3', '2026-06-01T00:00:00.000Z', null))
        .then([reserved('a-3', '2026-06-01T00:00:00.000Z', null)]);
    });

    it('changes nothing when releasing what holds no period', () => {
      spec().given([y2026]).when(release('a-9')).thenNothing();
    });
  });
});
