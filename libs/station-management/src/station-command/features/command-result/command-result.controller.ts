import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { requestMetadata } from '../../../shared/request-context';
import { COMMAND_RESULTS, type CommandResult } from '../../domain/station-command';
import { type StationCommandView, StationCommandWrites } from '../../station-command-writes';

export class CommandResultRequestDto {
  @ApiProperty({ enum: COMMAND_RESULTS }) @IsIn(COMMAND_RESULTS) result!: CommandResult;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) reason?: string;
}

@ApiTags('station-commands')
@ApiBearerAuth('bearer')
@Controller('v1/station-commands/:commandId')
export class CommandResultController {
  constructor(private readonly commands: StationCommandWrites) {}

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'A relayed command and its outcome (both parties)' })
  @ApiOkResponse({ description: 'StationCommandView' })
  @ApiNotFoundResponse({ description: 'COMMAND_NOT_FOUND' })
  get(@Param('commandId') id: string, @CurrentPrincipal() principal: Principal): Promise<StationCommandView> {
    return this.commands.get(principal, id);
  }

  @Post('result')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report the outcome of a command relayed to you (also CommandResult on b2b.station-commands.inbound.v1)',
  })
  @ApiOkResponse({ description: 'StationCommandView (COMPLETED)' })
  @ApiConflictResponse({ description: 'COMMAND_CLOSED (timed out, or another outcome recorded)' })
  result(
    @Param('commandId') id: string,
    @Body() body: CommandResultRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StationCommandView> {
    return this.commands.recordResult(
      principal.partyIds,
      id,
      { result: body.result, reason: body.reason ?? null },
      requestMetadata(principal),
    );
  }
}
