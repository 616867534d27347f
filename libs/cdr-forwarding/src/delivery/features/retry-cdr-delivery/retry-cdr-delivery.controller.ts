import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventStore, handleCommand } from '@roaming/event-store';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { cdrDeliveryDecider, cdrDeliveryStream } from '../../domain';

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
    const { state } = await handleCommand(
      this.store,
      cdrDeliveryStream(cpo, cdrId),
      cdrDeliveryDecider,
      { type: 'RetryCdrDelivery', data: { now: this.clock.now().toISOString(), requestedBy: principal.partnerId } },
      { metadata: { actor: principal.partnerId, correlationId: currentCorrelationId() }, retryOnConflict: 3 },
    );
    return { cdrId, cpoPartyId: cpo, nextAttemptAt: state.status === 'none' ? null : state.nextAttemptAt };
  }
}
