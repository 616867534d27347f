import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Database } from '@roaming/event-store';
import { AuditReader } from '@roaming/event-store/audit';
import { AppConfig } from '../../config/app-config';
import { Roles } from '../../auth/auth.decorators';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../operations.constants';
import { type HttpCallTrace, httpTraceStream } from './http-trace.events';
import { HttpTraceRecorder } from './http-trace.recorder';

export class ReadHttpTracesRequestDto {
  @ApiProperty({ description: 'UTC day, YYYY-MM-DD.', example: '2026-03-01' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  date!: string;

  @ApiPropertyOptional({ description: 'Continue after this stream position (the previous page’s nextPosition).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}

export interface HttpTracePage {
  streamName: string;
  items: (HttpCallTrace & { streamPosition: number; hash: string })[];
  nextPosition: number | null;
}

@ApiTags('audit')
@Controller('v1/audit/http-traces')
@Roles('auditor')
export class ReadHttpTracesController {
  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
    private readonly recorder: HttpTraceRecorder,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Every call of every HTTP door of this app on one day: who, what, when, correlation id, outcome (GeM 1491)',
  })
  @ApiOkResponse({ description: '{ streamName, items, nextPosition }' })
  async read(@Query() query: ReadHttpTracesRequestDto): Promise<HttpTracePage> {
    // What this process still holds in memory is appended first, so the answer includes the calls before this one.
    await this.recorder.flush();
    const streamName = httpTraceStream(this.config.appName, query.date);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const events = await new AuditReader(this.db).readStream(streamName, { after: query.after, limit });
    return {
      streamName,
      items: events.map((e) => ({ ...(e.data as HttpCallTrace), streamPosition: e.streamPosition, hash: e.hash })),
      nextPosition: events.length === limit ? events[events.length - 1].streamPosition : null,
    };
  }
}
