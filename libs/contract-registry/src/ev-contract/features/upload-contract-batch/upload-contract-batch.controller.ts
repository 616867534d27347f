import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseIdempotencyKey } from '../../../shared/request-context';
import type { ContractBatchReceipt } from './contract-batch.applier';
import { UploadContractBatchCommand } from './upload-contract-batch.command';
import { UploadContractBatchRequestDto } from './upload-contract-batch.request.dto';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
export class UploadContractBatchController {
  constructor(private readonly commands: CommandBus) {}

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Bulk upload or delta update of your contracts, thousands per request, all or nothing (GeM 983/1514/1515)',
    description:
      "Each row is a contract's whole record (as POST /v1/contracts): a new EMAID is registered, a known one " +
      'replaced (tokens it no longer lists stay, deactivated), an identical one left as it is. Send all contracts ' +
      'for a bulk upload, or only the changed ones for a delta update.\n\n' +
      '**All or nothing:** when any row breaks a rule, nothing is stored and the answer is 400 ' +
      '`CONTRACT_BATCH_INVALID` with `rows`: one entry per bad row `{ index, emaid, code, field, rule, message }` ' +
      '(e.g. `EMAID_CHECK_DIGIT` on `contracts.17.emaid`, `TOKEN_UID_TAKEN` on `contracts.3.tokens.0.uid`, ' +
      '`CONTRACT_DUPLICATE_IN_BATCH`, `TOKEN_UID_DUPLICATE` with rule `unique-in-batch`). Fix the rows and send ' +
      'the whole batch again.\n\n' +
      'The same batch is accepted on Kafka `b2b.contracts.inbound.v1` (key = your party id, signed with your key: ' +
      '`x-api-key-id`, `x-signature`); refused messages go ' +
      'to `b2b.contracts.inbound.v1.dlq`. Send an Idempotency-Key to make a retry answer the first receipt.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ description: '{ batchId, emspPartyId, received, registered, replaced, unchanged }' })
  @ApiBadRequestResponse({ description: 'CONTRACT_BATCH_INVALID with rows[]; REQUEST_INVALID for the envelope' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: emspPartyId is not yours' })
  @ApiConflictResponse({ description: 'CONTRACTS_KEPT_AT_HOME' })
  upload(
    @Body() body: UploadContractBatchRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ContractBatchReceipt> {
    return this.commands.execute(
      new UploadContractBatchCommand(body.emspPartyId, body.contracts, {
        principal,
        idempotencyKey: parseIdempotencyKey(idempotencyKey),
      }),
    );
  }
}
