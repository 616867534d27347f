import { Injectable } from '@nestjs/common';
import { EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { HomeProviderClient } from '../../integration/home-provider/home-provider.client';
import { RegistryViewRepository } from '../../integration/registry-view/registry-view.repository';
import {
  type AuthorizationFacts,
  type AuthorizationMethod,
  type AuthorizationState,
  authorizationDecider,
  authorizationStream,
  type AuthorizeToken,
  BASIC_CHARGING_SERVICE,
  type ContractCertificate,
  decideAuthorization,
  type PresentedToken,
  type RequestChannel,
} from '../domain';

/** One request for a decision, from any door (REST, Kafka, a remote start, Plug & Charge). Ids are normalised. */
export interface AuthorizationRequest {
  authorizationId: string;
  evseId: string;
  /** The operator id inside the EVSE id. */
  cpoPartyId: string;
  token: PresentedToken;
  service?: string;
  method: AuthorizationMethod;
  /** The partner asking and the parties it acts for. */
  requestedBy: string;
  callerPartyIds: readonly string[];
  channel: RequestChannel;
  /**
   * The parties of a home EVSP that asks for the start itself (a remote start, UC3-2): when the token is its own,
   * its asking is its answer, so the hub does not ask it back; the hub's own records and the agreement still count.
   */
  vouchedBy?: readonly string[];
  /** Plug & Charge by certificate (UC3-3): the certificate the EMAID in `token` was read from. */
  contractCertificate?: ContractCertificate;
  /** Makes the event's message id a function of it, so a retried request is recognised by the store. */
  idempotencyKey?: string;
  correlationId?: string;
  /** Decide inside this transaction (a Kafka consumer's, beside its de-duplication row). */
  tx?: SqlExecutor;
}

export type DecidedAuthorization = Exclude<AuthorizationState, { status: 'undecided' }>;

/**
 * The hub's transaction switch (IEC 63119-2 §6.4.1): gathers the facts from this process's replica of the registry
 * view (no round trip), asks the home EVSP when it decides at home (UC4-1), and lets the authorization decider record the
 * answer, which is durable before anyone hears it. A request with an idempotency key that was decided already
 * gets the first answer back without asking anyone again.
 */
@Injectable()
export class AuthorizationSwitch {
  constructor(
    private readonly store: EventStore,
    private readonly view: RegistryViewRepository,
    private readonly homeProvider: HomeProviderClient,
    private readonly clock: Clock,
  ) {}

  async authorize(request: AuthorizationRequest): Promise<{ state: DecidedAuthorization; replayed: boolean }> {
    const stream = authorizationStream(request.authorizationId);
    const requestedAt = this.clock.now().toISOString();
    const gathered = await this.facts(request, stream, requestedAt);
    if ('decided' in gathered) return { state: gathered.decided, replayed: true };
    // A retried request is not looked for before deciding (that read would cost every keyed request a round trip):
    // its decision carries the message id of the first one, which the store recognises and hands back unchanged.
    const { state, newEvents, replayed } = await handleCommand(
      this.store,
      stream,
      authorizationDecider,
      this.command(request, requestedAt, gathered.facts),
      {
        metadata: {
          correlationId: request.correlationId,
          causationId: request.correlationId,
          actor: request.requestedBy,
        },
        idempotencyKey: request.idempotencyKey,
        tx: request.tx,
        newStream: true,
      },
    );
    if (state.status === 'undecided') throw new Error(`authorization ${request.authorizationId} was not decided`);
    if (replayed) this.assertSameRequest(request, requestedAt, state);
    return { state, replayed: replayed || newEvents.length === 0 };
  }

  /**
   * The key was used before: the first answer, or AUTHORIZATION_EXISTS when it was used for a different request.
   * Nothing is asked or written.
   */
  private assertSameRequest(request: AuthorizationRequest, requestedAt: string, state: DecidedAuthorization): void {
    authorizationDecider.decide(this.command(request, requestedAt, NO_FACTS), state);
  }

  /** With an idempotency key: the decision already recorded under it, if any. */
  private async decidedEarlier(
    request: AuthorizationRequest,
    stream: string,
    requestedAt: string,
  ): Promise<DecidedAuthorization | undefined> {
    if (request.idempotencyKey === undefined) return undefined;
    const { state } = await loadState(this.store, stream, authorizationDecider, request.tx);
    if (state.status === 'undecided') return undefined;
    this.assertSameRequest(request, requestedAt, state);
    return state;
  }

  /**
   * The facts to decide on; or, when the home provider would be asked, the decision a retry (same idempotency key)
   * already got, so that a provider is never asked twice for one request.
   */
  private async facts(
    request: AuthorizationRequest,
    stream: string,
    requestedAt: string,
  ): Promise<{ facts: AuthorizationFacts } | { decided: DecidedAuthorization }> {
    // A caller asking for another operator's EVSE is refused before anything about the token is looked up.
    if (!request.callerPartyIds.includes(request.cpoPartyId)) return { facts: { ...NO_FACTS, callerPartyIds: [] } };
    const found = await this.view.lookUp(request.cpoPartyId, request.token.type, request.token.uid, request.tx);
    const facts: AuthorizationFacts = {
      callerPartyIds: request.callerPartyIds,
      token: found.token,
      emspPartyId: found.emspPartyId,
      agreements: found.agreements,
      provider: found.provider,
    };
    const presentedEmaid =
      request.token.type === 'EMAID' || request.token.type === 'PLUG_AND_CHARGE' ? request.token.uid : undefined;
    const provider = found.token?.emspPartyId ?? found.emspPartyId;
    if (provider !== null && request.vouchedBy?.includes(provider)) {
      return {
        facts: {
          ...facts,
          provider: { ...facts.provider, decidesAtHome: true },
          providerAnswer: { kind: 'allowed' },
        },
      };
    }
    const preliminary = decideAuthorization(
      { cpoPartyId: request.cpoPartyId, requestedAt, service: request.service, presentedEmaid },
      facts,
    );
    if (preliminary.outcome !== 'ask-provider' || !found.endpoint) return { facts };
    const decided = await this.decidedEarlier(request, stream, requestedAt);
    if (decided) return { decided };
    const providerAnswer = await this.homeProvider.ask(
      preliminary.emspPartyId,
      found.endpoint,
      {
        authorizationId: request.authorizationId,
        evseId: request.evseId,
        cpoPartyId: request.cpoPartyId,
        token: request.token,
        ...((found.token?.emaid ?? presentedEmaid) ? { emaid: found.token?.emaid ?? presentedEmaid } : {}),
        service: request.service ?? BASIC_CHARGING_SERVICE,
        requestedAt,
      },
      request.correlationId,
    );
    return { facts: { ...facts, providerAnswer } };
  }

  private command(request: AuthorizationRequest, requestedAt: string, facts: AuthorizationFacts): AuthorizeToken {
    return {
      type: 'AuthorizeToken',
      data: {
        authorizationId: request.authorizationId,
        evseId: request.evseId,
        cpoPartyId: request.cpoPartyId,
        token: request.token,
        requestedAt,
        ...(request.service !== undefined ? { service: request.service } : {}),
        method: request.method,
        requestedBy: request.requestedBy,
        channel: request.channel,
        ...(request.contractCertificate ? { contractCertificate: request.contractCertificate } : {}),
        facts,
      },
    };
  }
}

const NO_FACTS: AuthorizationFacts = {
  callerPartyIds: [],
  token: null,
  emspPartyId: null,
  agreements: [],
  provider: { status: 'unknown', decidesAtHome: false },
};
