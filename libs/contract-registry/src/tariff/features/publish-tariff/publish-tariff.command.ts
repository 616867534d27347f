import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { TariffView } from '../../projections/tariff-list/tariff-list.reader';
import type { PublishTariffRequestDto } from './publish-tariff.request.dto';

export class PublishTariffCommand extends Command<TariffView> {
  constructor(
    readonly tariffId: string,
    readonly request: PublishTariffRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
