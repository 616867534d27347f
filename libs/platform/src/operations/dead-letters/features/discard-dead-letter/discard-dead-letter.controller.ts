import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../../../auth/auth.decorators';
import type { Principal } from '../../../../auth/principal';
import { type DeadLetterOutcome, DeadLetterOperations } from '../../dead-letter-operations';
import { LetterIdPipe } from '../letter-id.pipe';
import { DiscardDeadLetterRequestDto } from './discard-dead-letter.request.dto';

@ApiTags('admin: operations')
@Controller('v1/admin/dead-letters')
@Roles('operator')
export class DiscardDeadLetterController {
  constructor(private readonly operations: DeadLetterOperations) {}

  @Post(':letterId/discard')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decide not to apply a parked message; it stays on record with the reason' })
  @ApiOkResponse({ description: '{ letterId, status, parkCount }' })
  @ApiConflictResponse({ description: 'DEAD_LETTER_NOT_PARKED' })
  discard(
    @Param('letterId', LetterIdPipe) letterId: string,
    @Body() body: DiscardDeadLetterRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeadLetterOutcome> {
    return this.operations.discard(letterId, body.reason, principal);
  }
}
