import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import type { AuthorizationView } from '../../projections/authorizations/authorization.view';
import { AuthorizationsReadModel } from '../../projections/authorizations/authorizations.read-model';
import { GetAuthorizationQuery } from './get-authorization.query';

/**
 * One authorization, for the CPO that asked or, once granted, for the EVSP it was granted for (the party the session
 * will be billed to). Anyone else gets the same 404 as for an id that does not exist, so ids reveal nothing.
 */
@QueryHandler(GetAuthorizationQuery)
export class GetAuthorizationHandler implements IQueryHandler<GetAuthorizationQuery> {
  constructor(private readonly readModel: AuthorizationsReadModel) {}

  async execute({ principal, authorizationId }: GetAuthorizationQuery): Promise<AuthorizationView> {
    const found = await this.readModel.find(authorizationId);
    if (!found || !mayRead(principal, found)) {
      throw DomainError.notFound('AUTHORIZATION_NOT_FOUND', `Authorization ${authorizationId} does not exist.`, {
        authorizationId,
      });
    }
    return found;
  }
}

function mayRead(principal: Principal, authorization: AuthorizationView): boolean {
  const asCpo = principal.roles.includes('cpo') && principal.partyIds.includes(authorization.cpoPartyId);
  const asEmsp =
    principal.roles.includes('emsp') &&
    authorization.status === 'ACCEPTED' &&
    authorization.emspPartyId !== undefined &&
    principal.partyIds.includes(authorization.emspPartyId);
  return asCpo || asEmsp;
}
