import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { AgreementStatus } from '../../domain/agreement.state';
import type { AgreementPage } from '../../projections/agreement-list/agreement-list.reader';

export class ListAgreementsQuery extends Query<AgreementPage> {
  constructor(
    readonly principal: Principal,
    readonly filter: { limit: number; cursor?: string; status?: AgreementStatus; partyId?: string },
  ) {
    super();
  }
}
