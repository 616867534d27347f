import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { hasInboundCdrShape, validateInboundCdr } from './inbound-cdr.validation';
import { ReceiveCdrRequestDto } from './receive-cdr.request.dto';
import { sampleInboundCdr } from '../../../testing/sample-cdr';

const minimal = sampleInboundCdr();
const full = {
  ...minimal,
  authorizationId: 'auth-1',
  recordType: 'SDR',
  sessionId: 's-1',
  timeZone: 'Europe/Berlin',
  chargingDurationSeconds: 3000,
  parkingDurationSeconds: 600,
  reactiveEnergyVarh: 10,
  chargingPeriods: [],
  meterValues: [],
  signedMeterData: { format: 'OCMF', value: 'x' },
  tariffId: 't-1',
  costBreakdown: { exclVat: '8.13', vat: '1.55' },
  services: [],
  creditOf: null,
  revisionOf: null,
};

async function dtoAccepts(body: object): Promise<boolean> {
  const errors = await validate(plainToInstance(ReceiveCdrRequestDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.length === 0;
}

/** Every field of `full` (and some that are no field) set to values of every kind, one at a time. */
function mutations(): object[] {
  const values: unknown[] = [
    undefined,
    null,
    '',
    'x',
    'CDR',
    'x'.repeat(64),
    'x'.repeat(65),
    '😀'.repeat(40), // 80 UTF-16 units, 40 characters
    0,
    -1,
    1.5,
    Number.NaN,
    true,
    [],
    [1],
    {},
    { amount: '1', currency: 'EUR' },
    { amount: '1', currency: 'EUR', extra: 1 },
    { amount: '', currency: 'EUR' },
    { amount: 1, currency: 'EUR' },
    { currency: 'EUR' },
  ];
  const fields = [...Object.keys(full), 'unknownField', 'constructor', 'toString', '__proto__', 'hasOwnProperty'];
  const out: object[] = [];
  for (const base of [minimal, full]) {
    for (const field of fields) {
      for (const value of values) {
        const body = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
        if (value === undefined) delete body[field];
        else Object.defineProperty(body, field, { value, enumerable: true, writable: true, configurable: true });
        out.push(body);
      }
    }
  }
  return out;
}

describe('the Kafka CDR body check (issue 5 speed: class-validator only when the usual shape is not met)', () => {
  it('takes the usual bodies without the DTO', () => {
    expect(hasInboundCdrShape(minimal)).toBe(true);
    expect(hasInboundCdrShape(full)).toBe(true);
  });

  it('never lets through a body the DTO refuses (every field, every kind of value, prototype keys)', async () => {
    const bodies = mutations();
    let fast = 0;
    for (const body of bodies) {
      if (!hasInboundCdrShape(body)) continue;
      fast += 1;
      if (!(await dtoAccepts(body)))
        throw new Error(`the shape check took a body the DTO refuses: ${JSON.stringify(body)}`);
    }
    // The check is not vacuous: many valid variants take the fast path, and most mutations do not.
    expect(fast).toBeGreaterThan(50);
    expect(fast).toBeLessThan(bodies.length / 2);
  });

  it('still names every broken rule through the DTO', async () => {
    await expect(validateInboundCdr({ ...minimal, energyWh: -1, cdrId: '', extra: 1 })).rejects.toMatchObject({
      violations: expect.arrayContaining([
        expect.stringMatching(/^energyWh: /),
        expect.stringMatching(/^cdrId: /),
        expect.stringMatching(/extra/),
      ]),
    });
    await expect(validateInboundCdr([])).rejects.toMatchObject({ violations: ['the body must be a JSON object'] });
  });
});
