import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { TariffView } from '../../projections/tariff-list/tariff-list.reader';

export class GetTariffQuery extends Query<TariffView> {
  constructor(
    readonly cpoPartyId: string,
    readonly tariffId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
