import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Database } from '@roaming/event-store';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, requestMetadata } from '../../../shared/request-context';
import { parseStatusReport } from '../../domain';
import { type ReportToRecord, StatusRecorder } from '../../status-recorder';
import { ReportStatusesRequestDto } from './report-statuses.request.dto';

@ApiTags('evse-status')
@ApiBearerAuth('bearer')
@Controller('v1/evse-statuses')
export class ReportStatusesController {
  constructor(
    private readonly recorder: StatusRecorder,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report the status of your EVSEs (IEC 63119-2 UC1-3, eMI3 UCE U push)',
    description:
      'Up to 1000 reports per call, all or nothing: one unknown EVSE, EVSE of another operator or unknown status ' +
      'refuses the call and stores nothing. High rates go to Kafka b2b.evse-status.inbound.v1 instead.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'A retry with the same key records nothing twice',
  })
  @ApiOkResponse({ description: '{ accepted: number }' })
  @ApiBadRequestResponse({
    description: 'REQUEST_INVALID, EVSE_ID_INVALID, EVSE_STATUS_UNKNOWN, TIMESTAMP_INVALID, STATUS_IN_FUTURE',
  })
  @ApiForbiddenResponse({ description: 'EVSE_NOT_OWNED' })
  @ApiNotFoundResponse({ description: 'EVSE_UNKNOWN' })
  async report(
    @Body() body: ReportStatusesRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) rawKey: string | undefined,
  ): Promise<{ accepted: number }> {
    const idempotencyKey = parseIdempotencyKey(rawKey);
    const receivedAt = this.clock.now().toISOString();
    const metadata = requestMetadata(principal);
    const items: ReportToRecord[] = body.statuses.map((s, i) => ({
      report: parseStatusReport(s, receivedAt, `statuses.${i}`),
      reporterPartyIds: principal.partyIds,
      metadata,
    }));
    const outcomes = await this.recorder.decide(items, receivedAt);
    const refused = outcomes.find((o) => !o.accepted);
    if (refused && !refused.accepted) throw refused.error;
    const batchKey = idempotencyKey ? `${principal.partnerId}:${idempotencyKey}` : undefined;
    const accepted = await this.db.transaction((tx) => this.recorder.append(items, outcomes, receivedAt, batchKey, tx));
    return { accepted };
  }
}
