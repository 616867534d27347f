import { ConfigValidationError } from '@roaming/platform';
import { loadCdrIntakeSettings } from './cdr-intake.settings';

describe('CDR intake settings (issue 5 part A)', () => {
  it('defaults: unknown EVSEs rejected, price tolerance max(0.01, 0.5 %)', () => {
    expect(loadCdrIntakeSettings({})).toMatchObject({
      unknownEvse: 'reject',
      toleranceAbsolute: '0.01',
      tolerancePercent: '0.5',
    });
  });

  it('reads CDR_UNKNOWN_EVSE and the tolerances, and reports every bad value at once', () => {
    expect(
      loadCdrIntakeSettings({
        CDR_UNKNOWN_EVSE: 'accept',
        CDR_PRICE_TOLERANCE_ABSOLUTE: '0.05',
        CDR_PRICE_TOLERANCE_PERCENT: '1',
      }),
    ).toMatchObject({ unknownEvse: 'accept', toleranceAbsolute: '0.05', tolerancePercent: '1' });
    let error: unknown;
    try {
      loadCdrIntakeSettings({ CDR_UNKNOWN_EVSE: 'maybe', CDR_PRICE_TOLERANCE_PERCENT: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).violations.map((v) => v.variable)).toEqual([
      'CDR_UNKNOWN_EVSE',
      'CDR_PRICE_TOLERANCE_PERCENT',
    ]);
  });
});
