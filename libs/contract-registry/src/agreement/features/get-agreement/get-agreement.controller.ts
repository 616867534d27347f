import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { AgreementDetailView } from '../agreement.view';
import { GetAgreementQuery } from './get-agreement.query';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class GetAgreementController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':agreementId')
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({ summary: 'A roaming agreement and its history, for either of its parties (GeM UC 1479)' })
  @ApiOkResponse({ description: 'agreement + history [{ type, at, actor }]' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND (also for agreements of other parties)' })
  get(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementDetailView> {
    return this.queries.execute(new GetAgreementQuery(agreementId, principal));
  }
}
