import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrInventoryV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { CdrInventoryQueries } from '../../cdr-inventory.queries';
import { GetAdminInventoryRequestDto, GetInventoryRequestDto } from './get-inventory.request.dto';

const DESCRIPTION =
  'Per partner pair: records received, accepted, rejected, delivered, pending (accepted, not yet delivered), ' +
  'acknowledged and disputed in the period (by time received), the accepted amounts per currency, and the balance ' +
  'checks received = accepted + rejected and accepted = delivered + pending (IEC 63119-2 SDR reconciliation).';

/** Must be registered before GET /v1/cdrs/:cdrId, which would otherwise take "inventory" for a CDR id. */
@ApiTags('cdr-reconciliation')
@ApiBearerAuth('bearer')
@Controller('v1')
export class GetInventoryController {
  constructor(private readonly queries: CdrInventoryQueries) {}

  @Get('cdrs/inventory')
  @Roles('cpo', 'emsp')
  @ApiOperation({ summary: 'Your CDR inventory per counterparty and period', description: DESCRIPTION })
  @ApiResponse({ status: 200, description: 'CdrInventoryV1' })
  inventory(
    @Query() params: GetInventoryRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrInventoryV1> {
    return this.queries.inventory({
      partyIds: principal.partyIds,
      counterparty: params.counterparty,
      from: params.from,
      to: params.to,
    });
  }

  @Get('admin/cdrs/inventory')
  @Roles('operator')
  @ApiOperation({ summary: 'Operator: CDR inventory per partner pair and period', description: DESCRIPTION })
  @ApiResponse({ status: 200, description: 'CdrInventoryV1' })
  adminInventory(@Query() params: GetAdminInventoryRequestDto): Promise<CdrInventoryV1> {
    return this.queries.inventory({
      partyIds: null,
      cpoPartyId: params.cpo,
      emspPartyId: params.emsp,
      from: params.from,
      to: params.to,
    });
  }
}
