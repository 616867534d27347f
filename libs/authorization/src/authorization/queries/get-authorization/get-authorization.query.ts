import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { AuthorizationView } from '../../projections/authorizations/authorization.view';

export class GetAuthorizationQuery extends Query<AuthorizationView> {
  constructor(
    readonly principal: Principal,
    readonly authorizationId: string,
  ) {
    super();
  }
}
