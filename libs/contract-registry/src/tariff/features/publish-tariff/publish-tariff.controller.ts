import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { PublishTariffCommand } from './publish-tariff.command';
import { PublishTariffRequestDto } from './publish-tariff.request.dto';

@ApiTags('tariffs')
@Controller('v1/tariffs')
@Roles('cpo')
export class PublishTariffController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':tariffId/versions')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Publish a version of one of your tariffs, valid from a start (IEC 63119 UC2-1/UC2-2; idempotent)',
    description:
      'A version starts after the latest one and never in the past, so that no session already started changes ' +
      'price. Publishing the latest version again changes nothing. Published as TariffPublished on ' +
      'contract-registry.events.v1.',
  })
  @ApiCreatedResponse({ description: '{ cpoPartyId, tariffId, audience, currentVersion, versions }' })
  @ApiBadRequestResponse({
    description:
      'TARIFF_PRICE_NEGATIVE, TARIFF_RESTRICTION_INCONSISTENT, TARIFF_CURRENCY_INVALID, TARIFF_VAT_INVALID, ' +
      'TARIFF_STEP_SIZE_INVALID, TARIFF_VALID_FROM_INVALID, TARIFF_ID_INVALID, … (errors[].field under tariff.)',
  })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiConflictResponse({ description: 'TARIFF_VERSION_ORDER, TARIFF_AUDIENCE_CHANGED' })
  publish(
    @Param('tariffId') tariffId: string,
    @Body() body: PublishTariffRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TariffView> {
    return this.commands.execute(new PublishTariffCommand(tariffId, body, { principal }));
  }
}
