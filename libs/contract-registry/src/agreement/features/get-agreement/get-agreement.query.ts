import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { AgreementDetailView } from '../agreement.view';

export class GetAgreementQuery extends Query<AgreementDetailView> {
  constructor(
    readonly agreementId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
