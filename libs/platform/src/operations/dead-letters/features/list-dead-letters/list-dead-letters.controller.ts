import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../../auth/auth.decorators';
import { DEFAULT_PAGE_LIMIT } from '../../../operations.constants';
import { type DeadLetterPage, DeadLettersReadModel } from '../../dead-letters.read-model';
import { ListDeadLettersRequestDto } from './list-dead-letters.request.dto';

@ApiTags('admin: operations')
@Controller('v1/admin/dead-letters')
@Roles('operator')
export class ListDeadLettersController {
  constructor(private readonly deadLetters: DeadLettersReadModel) {}

  @Get()
  @ApiOperation({ summary: "Dead-lettered messages of this app's consumers, oldest first, by topic and status" })
  @ApiOkResponse({ description: '{ items: [...], nextCursor }' })
  list(@Query() query: ListDeadLettersRequestDto): Promise<DeadLetterPage> {
    return this.deadLetters.list({
      topic: query.topic,
      status: query.status,
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
    });
  }
}
