import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReceiptV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, ProblemException, Roles } from '@roaming/platform';
import { CdrInvalidError } from '../../domain';
import { ReceiveCdrCommand, type ReceiveCdrResult } from './receive-cdr.command';
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
      'Refused and recorded, with EVERY failed rule in `violations` (and `errors`); `code` is the first: ' +
      'CDR_END_BEFORE_START, CDR_IMPLAUSIBLE_ENERGY, CDR_NEGATIVE_COST, CDR_UNKNOWN_PROVIDER, ' +
      'CDR_PROVIDER_SUSPENDED, CDR_NO_AGREEMENT, CDR_UNKNOWN_EVSE, CDR_DURATION_INCONSISTENT, CDR_VAT_SPLIT_MISMATCH, ' +
      'CDR_SERVICE_INVALID, CDR_DUPLICATE_SESSION, CDR_CREDIT_TARGET_UNKNOWN, CDR_ALREADY_CREDITED, ' +
      'CDR_CREDIT_AMOUNT_MISMATCH, CDR_REVISION_TARGET_UNKNOWN, CDR_ALREADY_REVISED, CDR_REVISION_NOT_ALLOWED, ' +
      'CDR_PERIODS_INCONSISTENT, CDR_CORRECTION_MISMATCH, CDR_ZERO_LENGTH_SESSION, CDR_IN_FUTURE. ' +
      'A rejected record may be ' +
      'corrected and sent again under the same cdrId.',
  })
  async receive(
    @Body() body: ReceiveCdrRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: JsonResponse,
  ): Promise<void> {
    const result = await this.commandBus
      .execute(
        new ReceiveCdrCommand(body, principal.partyIds, {
          actor: principal.partnerId,
          channel: 'rest',
          correlationId: currentCorrelationId(),
        }),
      )
      .catch((error: unknown) => {
        throw error instanceof CdrInvalidError ? invalidRecordProblem(error) : error;
      });
    if (result.status === 'REJECTED') throw rejectionProblem(result);
    if (result.status === 'CONFLICT') throw result.error;
    const receipt: CdrReceiptV1 = { cdrId: result.cdrId, status: 'FORWARDED', emspPartyId: result.emspPartyId };
    response.status(result.newlyForwarded ? 201 : 200).json(receipt);
  }
}

/** 400 listing every structural fault of the record (not only the first). */
export function invalidRecordProblem(error: CdrInvalidError): ProblemException {
  return new ProblemException(400, error.code, error.message, {
    errors: error.violations.map((v) => ({ field: v.field, rule: v.rule ?? v.code, message: v.reason })),
  });
}

/** 422 listing every violated business rule; the refusal is recorded (CdrRejected) and visible in GET /v1/cdrs/:id. */
export function rejectionProblem(result: Extract<ReceiveCdrResult, { status: 'REJECTED' }>): ProblemException {
  const violations = result.violations.map((v) => ({ code: v.code, field: v.field, reason: v.reason }));
  return new ProblemException(422, result.code, `CDR ${result.cdrId} was rejected: ${result.reason}`, {
    errors: violations.map((v) => ({ field: v.field, rule: v.code, message: v.reason })),
    extensions: { cdrId: result.cdrId, cpoPartyId: result.cpoPartyId, violations },
  });
}
