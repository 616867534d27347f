import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../../auth/auth.decorators';
import { type DeadLetterDetails, DeadLettersReadModel } from '../../dead-letters.read-model';
import { deadLetterNotFound } from '../../domain';
import { LetterIdPipe } from '../letter-id.pipe';

@ApiTags('admin: operations')
@Controller('v1/admin/dead-letters')
@Roles('operator')
export class InspectDeadLetterController {
  constructor(private readonly deadLetters: DeadLettersReadModel) {}

  @Get(':letterId')
  @ApiOperation({ summary: 'One dead letter with its original body, headers and the reason it was parked' })
  @ApiOkResponse({ description: 'the letter' })
  @ApiNotFoundResponse({ description: 'DEAD_LETTER_NOT_FOUND' })
  async inspect(@Param('letterId', LetterIdPipe) letterId: string): Promise<DeadLetterDetails> {
    const letter = await this.deadLetters.find(letterId);
    if (!letter) throw deadLetterNotFound(letterId);
    return letter;
  }
}
