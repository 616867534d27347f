import { DomainError } from '@roaming/shared-kernel';

export const TariffRegistryErrors = {
  validFromInPast: () =>
    DomainError.validation(
      'TARIFF_VALID_FROM_INVALID',
      'validFrom must not lie in the past: a price is never changed after the fact',
      {
        field: 'validFrom',
        rule: 'not-in-past',
      },
    ),
  versionOrder: (latestValidFrom: string) =>
    DomainError.conflict('TARIFF_VERSION_ORDER', `a new version must start after the latest one (${latestValidFrom})`, {
      field: 'validFrom',
      rule: 'after-latest-version',
      latestValidFrom,
    }),
  audienceChanged: (audience: string) =>
    DomainError.conflict('TARIFF_AUDIENCE_CHANGED', `this tariff is ${audience}; publish another tariff id instead`, {
      field: 'audience',
      rule: 'same-audience',
    }),
  notFound: (cpoPartyId: string, tariffId: string) =>
    DomainError.notFound('TARIFF_NOT_FOUND', `${cpoPartyId} has published no tariff ${tariffId}`, {
      field: 'tariffId',
      rule: 'published-by-cpo',
      cpoPartyId,
      tariffId,
    }),
};
