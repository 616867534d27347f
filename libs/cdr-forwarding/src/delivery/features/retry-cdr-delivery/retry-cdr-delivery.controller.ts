import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventStore, handleCommand, loadState } from '@roaming/event-store';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { cdrDecider, cdrStream } from '../../../cdr/domain';
import { cdrDeliveryDecider, cdrDeliveryStream, notByWebhook } from '../../domain';

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
   * A record the intake routed to the EVSP's topic has no delivery stream (until acknowledged): refused as a TOPIC
   * delivery is (CDR_DELIVERY_NOT_BY_WEBHOOK), not as unknown. The record's stream is read only when there is no
   * delivery stream.
   */
  private async refuseIfByTopic(cpo: string, cdrId: string): Promise<void> {
    const { state: delivery } = await loadState(this.store, cdrDeliveryStream(cpo, cdrId), cdrDeliveryDecider);
    if (delivery.status !== 'none') return;
    const { state: record } = await loadState(this.store, cdrStream(cpo, cdrId), cdrDecider);
    if (record.status === 'forwarded' && record.deliveryChannel === 'TOPIC') throw notByWebhook();
  }
}
