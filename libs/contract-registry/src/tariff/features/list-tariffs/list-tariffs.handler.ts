import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { type Page, TariffListReader, type TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { ListTariffsQuery } from './list-tariffs.query';

/**
 * A CPO's own tariffs, or the tariffs that apply to an EVSP: for each agreement it is party to (offered or in force),
 * the agreement's negotiated tariff, else the CPO's public ones.
 */
@QueryHandler(ListTariffsQuery)
export class ListTariffsHandler implements IQueryHandler<ListTariffsQuery, Page<TariffView>> {
  constructor(
    private readonly reader: TariffListReader,
    private readonly clock: Clock,
  ) {}

  execute({ view, principal, page }: ListTariffsQuery): Promise<Page<TariffView>> {
    const now = this.clock.now().toISOString();
    return view === 'own'
      ? this.reader.own(principal.partyIds, page.cursor, page.limit, now)
      : this.reader.applicable(principal.partyIds, page.cursor, page.limit, now);
  }
}
