import type { TariffJson } from '@roaming/rating';
import type { Command } from '@roaming/shared-kernel';
import type { TariffAudience } from './tariff.events';

/** `tariff` has been checked and made canonical by the rating library's parseTariff before; `validFrom` is canonical. */
export type PublishTariff = Command<
  'PublishTariff',
  {
    cpoPartyId: string;
    tariffId: string;
    audience: TariffAudience;
    validFrom: string;
    tariff: TariffJson;
    at: string;
  }
>;

export type TariffCommand = PublishTariff;
