import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PartyId, Clock } from '@roaming/shared-kernel';
import { TariffRegistryErrors } from '../../domain/tariff.errors';
import { parseTariffId } from '../../domain/tariff-id';
import { TariffListReader, type TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { GetTariffQuery } from './get-tariff.query';

/**
 * One tariff with all its versions, for its CPO, for the EVSPs it applies to, and for the operator and auditors.
 * Anyone else gets TARIFF_NOT_FOUND: a negotiated tariff is the two parties' business.
 */
@QueryHandler(GetTariffQuery)
export class GetTariffHandler implements IQueryHandler<GetTariffQuery, TariffView> {
  constructor(
    private readonly reader: TariffListReader,
    private readonly clock: Clock,
  ) {}

  async execute({ cpoPartyId: rawCpo, tariffId: rawTariffId, principal }: GetTariffQuery): Promise<TariffView> {
    const cpo = PartyId.parse(rawCpo, 'cpoPartyId').value;
    const tariffId = parseTariffId(rawTariffId, 'tariffId');
    const tariff = await this.reader.one(cpo, tariffId, this.clock.now().toISOString());
    const visible =
      tariff !== null &&
      (principal.roles.includes('operator') ||
        principal.roles.includes('auditor') ||
        principal.partyIds.includes(cpo) ||
        (await this.reader.appliesTo(cpo, tariffId, principal.partyIds)));
    if (!tariff || !visible) throw TariffRegistryErrors.notFound(cpo, tariffId);
    return tariff;
  }
}
