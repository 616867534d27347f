import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { AcknowledgeCdrCommand, type CdrAcknowledgementV1 } from './acknowledge-cdr.handler';

@ApiTags('cdrs')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class AcknowledgeCdrController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':cpoPartyId/:cdrId/acknowledgement')
  @HttpCode(200)
  @Roles('emsp')
  @ApiOperation({
    summary: 'Acknowledge a CDR forwarded to you (GeM 984: the EVSP confirms receipt)',
    description:
      'Idempotent: a repeat answers the first acknowledgement. Also ends webhook retries of the record. The same ' +
      'can be sent on Kafka b2b.cdr-acks.inbound.v1 (key = your party id, body { cpoPartyId, cdrId }, signed with ' +
      'your key: x-api-key-id, x-signature).',
  })
  @ApiParam({ name: 'cpoPartyId', description: 'Party id of the CPO that sent the CDR' })
  @ApiParam({ name: 'cdrId', description: "The CPO's CDR id" })
  @ApiResponse({ status: 200, description: '{ cdrId, cpoPartyId, acknowledgedAt }' })
  @ApiResponse({ status: 404, description: 'CDR_DELIVERY_NOT_FOUND: unknown, or not forwarded to you' })
  acknowledge(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('cdrId') cdrId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrAcknowledgementV1> {
    return this.commandBus.execute(
      new AcknowledgeCdrCommand(cpoPartyId, cdrId, principal.partyIds, {
        actor: principal.partnerId,
        channel: 'rest',
        correlationId: currentCorrelationId(),
      }),
    );
  }
}
