import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore, loadState } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import { authorizationDecider, authorizationStream } from '../../domain';
import type { AuthorizationView } from '../../projections/authorizations/authorization.view';
import { AuthorizationsReadModel } from '../../projections/authorizations/authorizations.read-model';
import { GetAuthorizationQuery } from './get-authorization.query';

/**
 * One authorization, for the CPO that asked or, once granted, for the EVSP it was granted for (the party the session
 * will be billed to). Anyone else gets the same 404 as for an id that does not exist, so ids reveal nothing.
 * Served from the read model; a decision the projection has not reached yet (it was answered a moment ago) is read
 * from its stream, so that a caller always finds the decision it was given.
 */
@QueryHandler(GetAuthorizationQuery)
export class GetAuthorizationHandler implements IQueryHandler<GetAuthorizationQuery> {
  constructor(
    private readonly readModel: AuthorizationsReadModel,
    private readonly store: EventStore,
  ) {}

  async execute({ principal, authorizationId }: GetAuthorizationQuery): Promise<AuthorizationView> {
    const found = (await this.readModel.find(authorizationId)) ?? (await this.fromStream(authorizationId));
    if (!found || !mayRead(principal, found)) {
      throw DomainError.notFound('AUTHORIZATION_NOT_FOUND', `Authorization ${authorizationId} does not exist.`, {
        authorizationId,
      });
    }
    return found;
  }

  private async fromStream(authorizationId: string): Promise<AuthorizationView | undefined> {
    const { state } = await loadState(this.store, authorizationStream(authorizationId), authorizationDecider);
    if (state.status === 'undecided') return undefined;
    const common = {
      authorizationId: state.authorizationId,
      evseId: state.evseId,
      cpoPartyId: state.cpoPartyId,
      tokenUid: state.tokenUid,
      tokenType: state.tokenType,
      decidedBy: state.decidedBy ?? 'hub',
      method: state.method ?? 'LOCAL',
      requestedAt: state.requestedAt,
    };
    if (state.status === 'granted') {
      return {
        ...common,
        status: 'ACCEPTED',
        emaid: state.emaid,
        emspPartyId: state.emspPartyId,
        agreementId: state.agreementId,
        allowedServices: state.allowedServices ?? null,
        tariffId: state.tariffId ?? null,
      };
    }
    return {
      ...common,
      status: 'DENIED',
      reason: state.reason,
      ...(state.emspPartyId ? { emspPartyId: state.emspPartyId } : {}),
    };
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
