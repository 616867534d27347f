import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { AuditLog } from '../audit-log';
import { StreamNamePipe } from '../audit-params';
import type { StreamHistoryView } from '../audit-views';

@ApiTags('audit')
@Controller('v1/audit/streams')
@Roles('auditor')
export class ReadStreamController {
  constructor(private readonly audit: AuditLog) {}

  @Get(':streamName')
  @ApiOperation({ summary: 'A stream with its full history as stored, every hash, and its chain verified' })
  @ApiOkResponse({ description: '{ streamName, category, version, events, verification }' })
  @ApiNotFoundResponse({ description: 'STREAM_NOT_FOUND' })
  read(@Param('streamName', StreamNamePipe) streamName: string): Promise<StreamHistoryView> {
    return this.audit.stream(streamName);
  }
}
