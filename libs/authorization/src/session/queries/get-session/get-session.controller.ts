import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Sessions } from '../../application/sessions';
import { SessionErrors } from '../../domain';
import { sessionIdPipe } from '../../features/session-id.pipe';
import { SessionResponseDto } from '../../features/session.response.dto';

@ApiTags('sessions')
@ApiBearerAuth('bearer')
@Controller('v1/sessions')
export class GetSessionController {
  constructor(private readonly sessions: Sessions) {}

  /**
   * eMI3 UCE CS pull: only the session's CPO and the EVSP of its contract may read it; anyone else gets the 404 of
   * an id that does not exist. Read from the session's own stream: always current.
   */
  @Get(':sessionId')
  @Roles('cpo', 'emsp')
  @ApiOperation({ summary: 'Read a charging session (eMI3 UCE CS pull)' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND' })
  async get(
    @Param('sessionId', sessionIdPipe()) sessionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionResponseDto> {
    const state = await this.sessions.load(sessionId);
    const mayRead =
      state.status !== 'NONE' &&
      ((principal.roles.includes('cpo') && principal.partyIds.includes(state.cpoPartyId)) ||
        (principal.roles.includes('emsp') &&
          state.emspPartyId !== null &&
          principal.partyIds.includes(state.emspPartyId)));
    if (state.status === 'NONE' || !mayRead) throw SessionErrors.notFound(sessionId);
    return SessionResponseDto.of(state);
  }
}
