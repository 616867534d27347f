import type { TariffJson } from '@roaming/rating';
import { deciderSpec } from '@roaming/testing';
import type { PublishTariff } from './tariff.commands';
import { tariffDecider } from './tariff.decider';
import type { TariffEvent } from './tariff.events';
import { versionAt } from './tariff.state';

const at = '2026-03-01T10:00:00.000Z';
const energy = (price: string): TariffJson => ({
  currency: 'EUR',
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY', price, stepSize: 1 }] }],
});
const publish = (overrides: Partial<PublishTariff['data']> = {}): PublishTariff => ({
  type: 'PublishTariff',
  data: {
    cpoPartyId: 'DEABC',
    tariffId: 'AC-STANDARD',
    audience: 'public',
    validFrom: '2026-04-01T00:00:00.000Z',
    tariff: energy('0.39'),
    at,
    ...overrides,
  },
});
const published = (version: number, validFrom: string, price: string, publishedAt = at): TariffEvent => ({
  type: 'TariffPublished',
  data: {
    cpoPartyId: 'DEABC',
    tariffId: 'AC-STANDARD',
    version,
    audience: 'public',
    validFrom,
    tariff: energy(price),
    publishedAt,
  },
});

const spec = () => deciderSpec(tariffDecider);

describe('tariff decider (IEC 63119 UC2-1/UC2-2: versioned tariffs with a validity start)', () => {
  it('publishes the first version', () => {
    spec()
      .when(publish())
      .then([published(1, '2026-04-01T00:00:00.000Z', '0.39')]);
  });

  it('publishes a later version as the next number; each version prices from its own start', () => {
    const state = spec()
      .given([published(1, '2026-04-01T00:00:00.000Z', '0.39')])
      .when(publish({ validFrom: '2026-07-01T00:00:00.000Z', tariff: energy('0.42') }))
      .then([published(2, '2026-07-01T00:00:00.000Z', '0.42')]);
    if (state.kind !== 'published') throw new Error('not published');
    expect(versionAt(state, '2026-03-31T00:00:00.000Z')).toBeNull();
    expect(versionAt(state, '2026-05-01T00:00:00.000Z')?.version).toBe(1);
    expect(versionAt(state, '2026-07-01T00:00:00.000Z')?.version).toBe(2);
  });

  it('changes nothing when the latest version is published again', () => {
    spec()
      .given([published(1, '2026-04-01T00:00:00.000Z', '0.39')])
      .when(publish({ at: '2026-05-01T00:00:00.000Z' }))
      .thenNothing();
  });

  it('refuses a version starting no later than the latest one: prices are never rewritten', () => {
    const error = spec()
      .given([published(1, '2026-04-01T00:00:00.000Z', '0.39')])
      .when(publish({ tariff: energy('0.30') }))
      .thenThrows('TARIFF_VERSION_ORDER', 'conflict');
    expect(error.details).toMatchObject({ field: 'validFrom', rule: 'after-latest-version' });
  });

  it('refuses a start in the past, and another audience under the same tariff id', () => {
    spec()
      .when(publish({ validFrom: '2026-02-01T00:00:00.000Z' }))
      .thenThrows('TARIFF_VALID_FROM_INVALID', 'validation');
    spec()
      .given([published(1, '2026-04-01T00:00:00.000Z', '0.39')])
      .when(publish({ audience: 'negotiated', validFrom: '2026-08-01T00:00:00.000Z' }))
      .thenThrows('TARIFF_AUDIENCE_CHANGED', 'conflict');
  });
});
