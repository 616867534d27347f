import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReceiptV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, ProblemException, Roles } from '@roaming/platform';
import { ReceiveCdrCommand } from './receive-cdr.command';
import { ReceiveCdrRequestDto } from './receive-cdr.request.dto';

/** The part of the HTTP response used here; the status depends on the outcome (201 new, 200 repeat). */
interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): unknown;
}

@ApiTags('cdrs')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class ReceiveCdrController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * A business refusal answers 422 with the rejection code, AND is recorded (CdrReceived + CdrRejected): the audit
   * trail keeps every CDR a CPO submitted and why it was refused (GeM UC 1511 "wrong but consistent data"), and a
   * re-send gets the same answer without a second record. Structural errors answer 400 and record nothing: such a
   * body is not a CDR yet.
   */
  @Post()
  @Roles('cpo')
  @ApiOperation({
    summary: 'Send the CDR of a finished session (IEC 63119-2 UC3-9, eMI3 UC 200 step 15.1, GeM 984)',
    description:
      'Validates the CDR and forwards it to the EVSP that issued the contract (eMA id provider). Idempotent by ' +
      '(your party, cdrId): an identical re-send answers 200 with the same body; the same cdrId with other content ' +
      'answers 409 CDR_DUPLICATE_DIFFERENT.',
  })
  @ApiBody({ type: ReceiveCdrRequestDto })
  @ApiResponse({ status: 201, description: 'Forwarded: { cdrId, status: "FORWARDED", emspPartyId }' })
  @ApiResponse({ status: 200, description: 'Identical re-send of a forwarded CDR: the same body' })
  @ApiResponse({
    status: 400,
    description: 'Malformed CDR (problem+json, code e.g. EMAID_CHECK_DIGIT); nothing recorded',
  })
  @ApiResponse({ status: 403, description: 'EVSE_NOT_OWNED: the EVSE belongs to another operator' })
  @ApiResponse({ status: 409, description: 'CDR_DUPLICATE_DIFFERENT: the cdrId was already used with other content' })
  @ApiResponse({
    status: 422,
    description:
      'Refused and recorded; code CDR_END_BEFORE_START, CDR_IMPLAUSIBLE_ENERGY, CDR_NEGATIVE_COST, ' +
      'CDR_UNKNOWN_PROVIDER, CDR_PROVIDER_SUSPENDED or CDR_NO_AGREEMENT',
  })
  async receive(
    @Body() body: ReceiveCdrRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: JsonResponse,
  ): Promise<void> {
    const result = await this.commandBus.execute(
      new ReceiveCdrCommand(body, principal.partyIds, {
        actor: principal.partnerId,
        channel: 'rest',
        correlationId: currentCorrelationId(),
      }),
    );
    if (result.status === 'REJECTED') {
      throw new ProblemException(422, result.code, `CDR ${result.cdrId} was rejected: ${result.reason}`, {
        extensions: { cdrId: result.cdrId, cpoPartyId: result.cpoPartyId },
      });
    }
    const receipt: CdrReceiptV1 = { cdrId: result.cdrId, status: 'FORWARDED', emspPartyId: result.emspPartyId };
    response.status(result.newlyForwarded ? 201 : 200).json(receipt);
  }
}
