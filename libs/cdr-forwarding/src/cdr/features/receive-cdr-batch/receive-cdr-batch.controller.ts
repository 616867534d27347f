import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrBatchReceiptV1, CdrViolationV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { CdrInvalidError } from '../../domain';
import { InboundCdrInvalidError, validateInboundCdr } from '../receive-cdr/inbound-cdr.validation';
import { type IntakeItem, ReceiveCdrHandler } from '../receive-cdr/receive-cdr.handler';
import { ReceiveCdrBatchRequestDto } from './receive-cdr-batch.request.dto';

type BatchResult = CdrBatchReceiptV1['results'][number];

/**
 * Batch intake (IEC 63119-2 UC3-9 at volume): a CPO sends up to 500 records in one call; every record is judged
 * exactly as POST /v1/cdrs would judge it, and the answer (200) says per record: ACCEPTED (forwarded now),
 * DUPLICATE (an identical re-send of a forwarded record) or REJECTED with every violation (structural faults:
 * nothing recorded; business refusals: recorded as CdrRejected). The decisions of the call commit in one transaction.
 */
@ApiTags('cdrs')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs/batch')
export class ReceiveCdrBatchController {
  constructor(private readonly handler: ReceiveCdrHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('cpo')
  @ApiOperation({ summary: 'Send up to 500 CDRs/SDRs at once, answered per record (IEC 63119-2 UC3-9, GeM 984)' })
  @ApiBody({ type: ReceiveCdrBatchRequestDto })
  @ApiResponse({ status: 200, description: '{ results: [{ index, cdrId, status, emspPartyId?, violations? }] }' })
  async receive(
    @Body() body: ReceiveCdrBatchRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrBatchReceiptV1> {
    const results: (BatchResult | undefined)[] = new Array(body.records.length);
    const toDecide: { index: number; item: Extract<IntakeItem, { ok: true }> }[] = [];
    const refusals: { item: IntakeItem; submitterPartyIds: readonly string[] }[] = [];
    for (const [index, raw] of body.records.entries()) {
      const cdrId = cdrIdOf(raw);
      try {
        const item = this.handler.prepare(await validateInboundCdr(raw), principal.partyIds);
        if (item.ok) {
          toDecide.push({ index, item });
          continue;
        }
        if (item.error.code === 'EVSE_NOT_OWNED') refusals.push({ item, submitterPartyIds: principal.partyIds });
        results[index] = { index, cdrId, status: 'REJECTED', violations: violationsOf(item.error) };
      } catch (error) {
        if (!(error instanceof InboundCdrInvalidError)) throw error;
        results[index] = {
          index,
          cdrId,
          status: 'REJECTED',
          violations: error.violations.map((v) => ({ code: 'REQUEST_INVALID', field: v.split(':')[0], reason: v })),
        };
      }
    }
    await this.handler.recordRefusals(refusals);
    const decided = await this.handler.receiveMany(
      toDecide.map((d) => d.item),
      { actor: principal.partnerId, channel: 'rest', correlationId: currentCorrelationId() },
    );
    decided.forEach((result, i) => {
      const index = toDecide[i].index;
      switch (result.status) {
        case 'FORWARDED':
          results[index] = {
            index,
            cdrId: result.cdrId,
            status: result.newlyForwarded ? 'ACCEPTED' : 'DUPLICATE',
            emspPartyId: result.emspPartyId,
          };
          break;
        case 'REJECTED':
          results[index] = {
            index,
            cdrId: result.cdrId,
            status: 'REJECTED',
            emspPartyId: result.emspPartyId,
            violations: result.violations.map((v) => ({ code: v.code, field: v.field, reason: v.reason })),
          };
          break;
        case 'CONFLICT':
          results[index] = {
            index,
            cdrId: result.cdrId,
            status: 'REJECTED',
            violations: [{ code: result.error.code, field: 'cdrId', reason: result.error.message }],
          };
      }
    });
    return { results: results as BatchResult[] };
  }
}

function cdrIdOf(raw: unknown): string | null {
  const id = (raw as { cdrId?: unknown } | null)?.cdrId;
  return typeof id === 'string' ? id : null;
}

function violationsOf(error: Error & { code: string; details?: Record<string, unknown> }): CdrViolationV1[] {
  if (error instanceof CdrInvalidError) {
    return error.violations.map((v) => ({ code: v.code, field: v.field, reason: v.reason }));
  }
  const field = typeof error.details?.field === 'string' ? error.details.field : 'record';
  return [{ code: error.code, field, reason: error.message }];
}
