import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'stream';
import { Roles } from '../../../auth/auth.decorators';
import { AuditLog } from '../audit-log';
import { StreamNamePipe } from '../audit-params';
import { HistoryFilterDto } from '../read-history/history.request.dto';

const JSON_LINES = 'application/x-ndjson';

@ApiTags('audit')
@Controller('v1/audit/exports')
@Roles('auditor')
export class ExportController {
  constructor(private readonly audit: AuditLog) {}

  @Get('streams/:streamName')
  @ApiProduces(JSON_LINES)
  @ApiOperation({
    summary:
      'Export a stream as JSON lines with every hash, sealed and signed: `audit verify-export` checks it offline',
  })
  @ApiOkResponse({ description: 'header line, one line per event, seal line' })
  async stream(@Param('streamName', StreamNamePipe) streamName: string): Promise<StreamableFile> {
    return jsonLines(await this.audit.exportStream(streamName), `audit-${streamName}.jsonl`);
  }

  @Get('events')
  @ApiProduces(JSON_LINES)
  @ApiOperation({ summary: 'Export a period (times, positions, categories) of the global history as JSON lines' })
  @ApiOkResponse({ description: 'header line, one line per event in commit order, seal line' })
  history(@Query() query: HistoryFilterDto): StreamableFile {
    return jsonLines(this.audit.exportHistory(query.toFilter()), 'audit-history.jsonl');
  }
}

function jsonLines(lines: AsyncGenerator<string>, fileName: string): StreamableFile {
  return new StreamableFile(Readable.from(lines), {
    type: JSON_LINES,
    disposition: `attachment; filename="${fileName.replace(/[^A-Za-z0-9._+-]/g, '_')}"`,
  });
}
