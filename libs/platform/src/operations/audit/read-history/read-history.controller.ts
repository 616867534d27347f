import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@roaming/shared-kernel';
import { Roles } from '../../../auth/auth.decorators';
import { DEFAULT_PAGE_LIMIT } from '../../operations.constants';
import { AuditLog } from '../audit-log';
import { decodeHistoryCursor, type HistoryPageView } from '../audit-views';
import { ReadHistoryRequestDto } from './history.request.dto';

@ApiTags('audit')
@Controller('v1/audit/events')
@Roles('auditor')
export class ReadHistoryController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary:
      'The global history in commit order, between two positions or times, by category; cursor-paged and gap-safe',
  })
  @ApiOkResponse({ description: '{ items: [...], nextCursor }' })
  read(@Query() query: ReadHistoryRequestDto): Promise<HistoryPageView> {
    const after = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this API handed out', {
        field: 'cursor',
        rule: 'opaque-cursor',
      });
    }
    return this.audit.history(query.toFilter(), after, query.limit ?? DEFAULT_PAGE_LIMIT);
  }
}
