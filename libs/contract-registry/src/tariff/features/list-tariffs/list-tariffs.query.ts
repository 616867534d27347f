import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { Page, TariffView } from '../../projections/tariff-list/tariff-list.reader';

export class ListTariffsQuery extends Query<Page<TariffView>> {
  constructor(
    readonly view: 'own' | 'applicable',
    readonly principal: Principal,
    readonly page: { limit: number; cursor?: string },
  ) {
    super();
  }
}
