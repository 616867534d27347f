import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../../../auth/auth.decorators';
import type { Principal } from '../../../../auth/principal';
import { type DeadLetterOutcome, DeadLetterOperations } from '../../dead-letter-operations';
import { LetterIdPipe } from '../letter-id.pipe';

@ApiTags('admin: operations')
@Controller('v1/admin/dead-letters')
@Roles('operator')
export class ReplayDeadLetterController {
  constructor(private readonly operations: DeadLetterOperations) {}

  @Post(':letterId/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Publish a parked message again to its original topic with its original message id; consumers that applied ' +
      'it dedupe it, the one that failed applies it once',
  })
  @ApiOkResponse({ description: '{ letterId, status, parkCount }' })
  @ApiConflictResponse({ description: 'DEAD_LETTER_NOT_PARKED, DEAD_LETTER_BODY_NOT_JSON' })
  replay(
    @Param('letterId', LetterIdPipe) letterId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeadLetterOutcome> {
    return this.operations.replay(letterId, principal);
  }
}
