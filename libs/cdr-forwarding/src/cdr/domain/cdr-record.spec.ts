import { DomainError } from '@roaming/shared-kernel';
import { CdrInvalidError, type CdrSubmission, parseCdrSubmission, sessionKeysOf } from './cdr-record';
import { cdrStream } from './cdr.stream';

const valid: CdrSubmission = {
  cdrId: 'CDR-0001',
  evseId: 'de*abc*e123456*1',
  emaid: 'DE-8AA-001234567-0',
  tokenUid: '04:a2:b3:c4',
  startedAt: '2026-03-01T11:00:00+01:00',
  endedAt: '2026-03-01T11:30:00.5Z',
  energyWh: 7_500,
  totalCost: { amount: '3.3', currency: 'EUR' },
};

function refusal(input: Partial<Record<keyof CdrSubmission, unknown>>): DomainError {
  try {
    parseCdrSubmission({ ...valid, ...input } as CdrSubmission);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseCdrSubmission (eMI3 UC 200 step 15.1 SDR/CDR fields)', () => {
  it('normalises every field and derives the CPO from the EVSE id and the home EVSP from the eMA id', () => {
    expect(parseCdrSubmission(valid)).toEqual({
      record: {
        cdrId: 'CDR-0001',
        cpoPartyId: 'DEABC',
        evseId: 'DE*ABC*E123456*1',
        emaid: 'DE8AA0012345670',
        tokenUid: '04A2B3C4',
        authorizationId: null,
        startedAt: '2026-03-01T10:00:00.000Z',
        endedAt: '2026-03-01T11:30:00.500Z',
        energyWh: 7_500,
        totalCost: { amount: '3.3000', currency: 'EUR' },
      },
      homeProviderPartyId: 'DE8AA',
    });
  });

  it.each([
    [{ cdrId: '' }, 'CDR_ID_INVALID', 'cdrId', 'required'],
    [{ cdrId: 'x'.repeat(65) }, 'CDR_ID_INVALID', 'cdrId', 'length'],
    [{ cdrId: 'has space' }, 'CDR_ID_INVALID', 'cdrId', 'format'],
    [{ evseId: 'DE*ABC*123' }, 'EVSE_ID_INVALID', 'evseId', 'format'],
    [{ emaid: 'DE-8AA-001234567-1' }, 'EMAID_CHECK_DIGIT', 'emaid', 'check-digit'],
    [{ emaid: undefined }, 'EMAID_INVALID', 'emaid', 'required'],
    [{ tokenUid: 'XYZ' }, 'TOKEN_UID_INVALID', 'tokenUid', 'format'],
    [{ authorizationId: '' }, 'CDR_AUTHORIZATION_ID_INVALID', 'authorizationId', 'type'],
    [{ startedAt: '2026-03-01T10:00:00' }, 'CDR_TIMESTAMP_INVALID', 'startedAt', 'format'],
    [{ endedAt: '2026-02-30T10:00:00Z' }, 'CDR_TIMESTAMP_INVALID', 'endedAt', 'calendar'],
    [{ endedAt: '2026-03-01T10:00:00+19:00' }, 'CDR_TIMESTAMP_INVALID', 'endedAt', 'offset'],
    [{ energyWh: 1.5 }, 'ENERGY_INVALID', 'energyWh', 'non-negative-integer'],
    [{ energyWh: -1 }, 'ENERGY_INVALID', 'energyWh', 'non-negative-integer'],
    [{ totalCost: { amount: '1,50', currency: 'EUR' } }, 'MONEY_INVALID', 'totalCost.amount', 'format'],
    [{ totalCost: { amount: '1.50', currency: 'EURO' } }, 'MONEY_INVALID', 'totalCost.currency', 'format'],
    [{ totalCost: null }, 'MONEY_INVALID', 'totalCost', 'type'],
  ])('refuses %j with %s on %s (%s)', (input, code, field, rule) => {
    const error = refusal(input);
    expect(error).toMatchObject({ code, kind: 'validation', details: expect.objectContaining({ field, rule }) });
  });

  it('puts the same CDR of the same CPO on one stream, and other CPOs on others', () => {
    expect(cdrStream('DEABC', 'CDR-0001')).toBe(cdrStream('DEABC', 'CDR-0001'));
    expect(cdrStream('DEABC', 'CDR-0001')).not.toBe(cdrStream('DEABD', 'CDR-0001'));
    expect(cdrStream('DEABC', 'CDR-0001')).toMatch(
      /^cdr-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('parseCdrSubmission collects every structural fault (issue 5 part A)', () => {
  it('reports all faulty fields together, the first one as code', () => {
    let error: unknown;
    try {
      parseCdrSubmission({
        ...valid,
        cdrId: '',
        emaid: 'DE-8AA-001234567-1',
        energyWh: -1,
        totalCost: { amount: '1,50', currency: 'EURO' },
        timeZone: 'Mars/Olympus',
        services: [{ type: 'SPA', amountExclVat: 'x', vat: '0' }],
      } as CdrSubmission);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CdrInvalidError);
    const violations = (error as CdrInvalidError).violations;
    expect((error as CdrInvalidError).code).toBe('CDR_ID_INVALID');
    expect(violations.map((v) => v.field)).toEqual([
      'cdrId',
      'emaid',
      'energyWh',
      'totalCost.amount',
      'timeZone',
      'services.0.type',
      'services.0.amountExclVat',
    ]);
  });

  it('keeps the optional SDR fields normalised, signed meter data verbatim', () => {
    const signed = {
      format: 'OCMF',
      value: 'OCMF|{"FV":"1.0","RD":[{"TM":"2026-03-01T11:00:00,000+0100 S"}]}|{"SD":"3045"}',
    };
    const { record } = parseCdrSubmission({
      ...valid,
      recordType: 'SDR',
      sessionId: 'S-1',
      timeZone: 'Europe/Berlin',
      chargingDurationSeconds: 3_600,
      parkingDurationSeconds: 0,
      reactiveEnergyVarh: 120,
      chargingPeriods: [
        { startedAt: '2026-03-01T10:00:00Z', endedAt: '2026-03-01T11:00:00Z', state: 'CHARGING', energyWh: '7500' },
      ],
      meterValues: [{ timestamp: '2026-03-01T11:30:00Z', energyWh: 7_500 }],
      signedMeterData: signed,
      tariffId: 'T-1',
      costBreakdown: { exclVat: '2.77', vat: '0.53' },
      services: [{ type: 'PARKING', amountExclVat: '1', vat: '0.19' }],
    } as CdrSubmission);
    expect(record).toMatchObject({
      recordType: 'SDR',
      sessionId: 'S-1',
      timeZone: 'Europe/Berlin',
      signedMeterData: signed,
      costBreakdown: { exclVat: '2.7700', vat: '0.5300' },
      services: [{ type: 'PARKING', description: null, amountExclVat: '1.0000', vat: '0.1900' }],
      chargingPeriods: [{ startedAt: '2026-03-01T10:00:00.000Z', state: 'CHARGING', energyWh: '7500' }],
    });
  });

  it('refuses a record that is both a credit and a revision', () => {
    expect(() => parseCdrSubmission({ ...valid, creditOf: 'A', revisionOf: 'B' } as CdrSubmission)).toThrow(
      CdrInvalidError,
    );
  });

  it('claims a session by its session id AND its authorization (review finding 6)', () => {
    const { record } = parseCdrSubmission({ ...valid, sessionId: 'S-1', authorizationId: 'AU-1' });
    expect(sessionKeysOf(record)).toEqual(['session:S-1', 'authorization:AU-1']);
    expect(sessionKeysOf({ ...record, sessionId: null })).toEqual(['authorization:AU-1']);
    expect(sessionKeysOf({ ...record, sessionId: null, authorizationId: null })).toEqual([]);
  });
});
