import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventStore, handleCommand, loadState } from '@roaming/event-store';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { cdrDecider, cdrStream } from '../../../cdr/domain';
import { cdrDeliveryDecider, cdrDeliveryStream, deliveredByTopic } from '../../domain';

@ApiTags('cdr-deliveries')
@ApiBearerAuth('bearer')
@Controller('v1/admin/cdr-deliveries')
export class RetryCdrDeliveryController {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Post(':cpoPartyId/:cdrId/retry')
  @HttpCode(202)
  @Roles('operator')
  @ApiOperation({ summary: 'Operator: attempt the webhook delivery of a record now (e.g. after the EVSP is back)' })
  @ApiResponse({ status: 202, description: '{ cdrId, cpoPartyId, nextAttemptAt }' })
  @ApiResponse({ status: 404, description: 'CDR_DELIVERY_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CDR_ALREADY_DELIVERED or CDR_DELIVERY_NOT_BY_WEBHOOK' })
  async retry(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('cdrId') cdrId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ cdrId: string; cpoPartyId: string; nextAttemptAt: string | null }> {
    const cpo = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
    await this.refuseIfByTopic(cpo, cdrId);
    const { state } = await handleCommand(
      this.store,
      cdrDeliveryStream(cpo, cdrId),
      cdrDeliveryDecider,
      { type: 'RetryCdrDelivery', data: { now: this.clock.now().toISOString(), requestedBy: principal.partnerId } },
      { metadata: { actor: principal.partnerId, correlationId: currentCorrelationId() }, retryOnConflict: 3 },
    );
    return { cdrId, cpoPartyId: cpo, nextAttemptAt: state.status === 'none' ? null : state.nextAttemptAt };
  }

  /**
   * A record the intake routed to the EVSP's topic has no delivery stream (until acknowledged): refused as the
   * decider refuses a TOPIC delivery (CDR_DELIVERY_NOT_BY_WEBHOOK), not as unknown.
   */
  private async refuseIfByTopic(cpo: string, cdrId: string): Promise<void> {
    const [{ state: delivery }, { state: record }] = await Promise.all([
      loadState(this.store, cdrDeliveryStream(cpo, cdrId), cdrDeliveryDecider),
      loadState(this.store, cdrStream(cpo, cdrId), cdrDecider),
    ]);
    if (delivery.status !== 'none' || record.status !== 'forwarded' || record.deliveryChannel !== 'TOPIC') return;
    const ref = { cdrId, cpoPartyId: cpo, emspPartyId: record.emspPartyId };
    cdrDeliveryDecider.decide(
      { type: 'RetryCdrDelivery', data: { now: this.clock.now().toISOString(), requestedBy: 'operator' } },
      deliveredByTopic(ref, record.forwardedAt),
    );
  }
}
