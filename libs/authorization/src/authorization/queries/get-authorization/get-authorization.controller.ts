import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import type { AuthorizationView } from '../../projections/authorizations/authorization.view';
import { AuthorizationResponseDto } from './authorization.response.dto';
import { GetAuthorizationQuery } from './get-authorization.query';

@ApiTags('authorizations')
@ApiBearerAuth('bearer')
@Controller('v1/authorizations')
export class GetAuthorizationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':authorizationId')
  @Roles('cpo', 'emsp')
  @ApiOperation({
    summary: 'Read an authorization decision',
    description:
      'For the CPO that asked, or the EVSP it was granted for. Served from a read model: a decision just made may ' +
      'take a moment to appear.',
  })
  @ApiOkResponse({ type: AuthorizationResponseDto })
  @ApiNotFoundResponse({ description: 'AUTHORIZATION_NOT_FOUND' })
  get(
    @Param(
      'authorizationId',
      new ParseUUIDPipe({
        exceptionFactory: () =>
          DomainError.validation('AUTHORIZATION_ID_INVALID', 'authorizationId must be a UUID', {
            field: 'authorizationId',
            rule: 'uuid',
          }),
      }),
    )
    authorizationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuthorizationView> {
    return this.queries.execute(new GetAuthorizationQuery(principal, authorizationId));
  }
}
