import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { AuditLog } from '../audit-log';
import { StreamNamePipe } from '../audit-params';
import type { StateAsOfView } from '../audit-views';
import { StateAsOfRequestDto } from './state-as-of.request.dto';

@ApiTags('audit')
@Controller('v1/audit/streams')
@Roles('auditor')
export class StateAsOfController {
  constructor(private readonly audit: AuditLog) {}

  @Get(':streamName/state')
  @ApiOperation({
    summary:
      'The state of an aggregate (agreement, contract, authorization, record, …) as of a time, rebuilt by replaying ' +
      'its events with its decider (GeM 1513/1516: replayable history)',
  })
  @ApiOkResponse({ description: '{ streamName, category, asOf, version, lastEventAt, state }' })
  @ApiNotFoundResponse({ description: 'STREAM_NOT_FOUND, NO_DECIDER_FOR_CATEGORY' })
  state(
    @Param('streamName', StreamNamePipe) streamName: string,
    @Query() query: StateAsOfRequestDto,
  ): Promise<StateAsOfView> {
    return this.audit.stateAsOf(streamName, query.asOf);
  }
}
