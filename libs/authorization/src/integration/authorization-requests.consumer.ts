import { Injectable, Logger } from '@nestjs/common';
import { AUTHORIZATION_REQUESTS_INBOUND_TOPIC } from '@roaming/contracts';
import {
  HEADER,
  type InboundMessage,
  MessageBus,
  type MessageHandlerContext,
  type Subscription,
} from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, Clock, uuidV5 } from '@roaming/shared-kernel';
import {
  parseEvse,
  parsePresentedToken,
  parseService,
} from '../authorization/application/authorization-request-parsing';
import { AuthorizationSwitch } from '../authorization/application/authorization-switch';
import { readContractCertificate } from '../authorization/application/contract-certificate';
import { RemoteCommands } from '../remote-command/application/remote-commands';
import type { Reporter } from '../session/application/session-reports';
import { SessionReports } from '../session/application/session-reports';
import { ReportSessionStartHandler } from '../session/features/report-session-start/report-session-start.handler';
import { CHARGING_STATUSES, type ChargingStatus } from '../session/domain';
import { RegistryViewRepository } from './registry-view/registry-view.repository';
import { InboundFields, InboundRequestError } from './inbound-fields';

export const AUTHORIZATION_REQUESTS_CONSUMER_GROUP = 'authorization.requests-inbound';

type Caller = Reporter & { partnerId: string; keyParty: string };

/**
 * The B2B Kafka door of this context (`b2b.authorization-requests.inbound.v1`): a CPO asks for authorizations
 * (IEC 63119-2 UC3-1, UC3-3 with the contract certificate), answers relayed remote commands (UC3-2/UC3-4) and
 * reports its sessions (UC3-5, UC4-2), the same as over REST. The producer signs each message with its API key
 * (PartnerMessageAuthenticator: a `cpo` key whose party ids hold the message key, else the message is parked on the
 * dead-letter topic at once with UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED or PARTY_NOT_OWNED). Each
 * message is handled in the transaction that records its id, so a redelivered one changes nothing; decisions are
 * answered on the CPO's `b2b.<party>.outbound.v1` by the forwarder, from the recorded event. A message this door
 * cannot accept (no or foreign key, not JSON, a malformed field, a refusal such as a late command answer) throws, so
 * the platform retries it and then parks it on `<topic>.dlq` with the error: the partition never stalls.
 */
@Injectable()
export class AuthorizationRequestsConsumer {
  private readonly logger = new Logger(AuthorizationRequestsConsumer.name);
  private subscription?: Subscription;

  constructor(
    private readonly bus: MessageBus,
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly view: RegistryViewRepository,
    private readonly authorizations: AuthorizationSwitch,
    private readonly commands: RemoteCommands,
    private readonly sessions: SessionReports,
    private readonly sessionStarts: ReportSessionStartHandler,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: AUTHORIZATION_REQUESTS_CONSUMER_GROUP,
      topics: [AUTHORIZATION_REQUESTS_INBOUND_TOPIC],
      handler: (message, context) => this.handle(message, context),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  async handle(message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> {
    const caller = await this.caller(message, tx);
    const body = InboundFields.of(message.rawValue);
    const type = message.headers[HEADER.type] ?? body.optionalText('type');
    switch (type) {
      case 'AuthorizationRequest':
        return this.authorize(body, caller, tx);
      case 'CommandResponse':
        await this.commands.recordCpoResponse(
          {
            commandId: body.uuid('commandId'),
            result: body.oneOf('result', ['ACCEPTED', 'REJECTED'] as const),
            reason: body.optionalText('reason'),
            respondedAt: this.clock.now().toISOString(),
          },
          caller.partyIds,
          { actor: caller.partnerId, correlationId: caller.correlationId, tx },
        );
        return;
      case 'SessionStarted':
        await this.sessionStarts.execute(
          {
            cpoSessionId: body.text('cpoSessionId', 64),
            evseId: body.text('evseId', 64),
            startedAt: body.instant('startedAt'),
            ...(body.has('authorizationId') ? { authorizationId: body.uuid('authorizationId') } : {}),
            ...(body.has('token') ? { token: body.token('token') } : {}),
          },
          caller,
        );
        return;
      case 'SessionProgress':
        await this.sessions.progress(
          {
            sessionId: body.uuid('sessionId'),
            energyWh: body.wattHours('energyWh'),
            status: body.oneOf('status', CHARGING_STATUSES) as ChargingStatus,
            measuredAt: body.instant('measuredAt'),
          },
          caller,
        );
        return;
      case 'SessionEnded':
        await this.sessions.end(
          {
            sessionId: body.uuid('sessionId'),
            endedAt: body.instant('endedAt'),
            energyWh: body.wattHours('energyWh'),
            reason: body.optionalText('reason'),
          },
          caller,
        );
        return;
      default:
        throw new InboundRequestError(
          `type must be AuthorizationRequest, CommandResponse, SessionStarted, SessionProgress or SessionEnded`,
        );
    }
  }

  private async authorize(body: InboundFields, caller: Caller, tx: MessageHandlerContext['tx']): Promise<void> {
    const requestId = body.text('requestId', 128);
    const { evseId, cpoPartyId } = parseEvse(body.text('evseId', 64));
    const service = parseService(body.optionalText('service') ?? undefined);
    const certificate = body.has('contractCertificate')
      ? readContractCertificate(body.text('contractCertificate', 16_384))
      : undefined;
    const token = certificate
      ? { type: 'PLUG_AND_CHARGE' as const, uid: certificate.emaid }
      : parsePresentedToken(body.token('token'));
    const { state, replayed } = await this.authorizations.authorize({
      authorizationId: uuidV5(`authorization-kafka:${caller.partnerId}:${requestId}`, CLEARING_HOUSE_NAMESPACE),
      evseId,
      cpoPartyId,
      token,
      service,
      method: token.type === 'PLUG_AND_CHARGE' ? 'PLUG_AND_CHARGE' : 'LOCAL',
      requestedBy: caller.partnerId,
      callerPartyIds: caller.partyIds,
      // The reply goes to the party that sent it (the key), which for a foreign EVSE is not the EVSE's operator.
      channel: { kind: 'kafka', requestId, replyTo: caller.keyParty },
      ...(certificate ? { contractCertificate: certificate.certificate } : {}),
      idempotencyKey: `kafka:${requestId}`,
      correlationId: caller.correlationId,
      tx,
    });
    if (!replayed) this.logger.debug(`request ${requestId} of ${caller.keyParty}: ${state.status}`);
  }

  private async caller(message: InboundMessage, tx: MessageHandlerContext['tx']): Promise<Caller> {
    // The producer proves it holds a cpo key of the party in the message key (refused ones go to the DLQ at once).
    const { partyId: keyParty } = await this.authenticator.authenticate(message, { roles: ['cpo'], tx });
    const partner = await this.view.cpoPartner(keyParty, tx);
    if (!partner || partner.status !== 'active') {
      throw new InboundRequestError(`the message key ${keyParty} is not the party id of an active CPO`);
    }
    const messageId = message.headers[HEADER.messageId];
    return {
      keyParty,
      partnerId: partner.partnerId,
      partyIds: partner.partyIds,
      correlationId: message.headers[HEADER.correlationId] ?? messageId,
      tx,
    };
  }
}
