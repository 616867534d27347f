import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditAnchor } from '@roaming/event-store/audit';
import { CurrentPrincipal, Public, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { AuditLog } from '../audit/audit-log';
import type { AnchorKeyView } from '../audit/audit-views';
import { type AnchorOutcome, AnchorKeeper } from './anchor-keeper';

@ApiTags('audit')
@Controller('v1/audit')
export class ReadAnchorsController {
  constructor(
    private readonly anchors: AnchorKeeper,
    private readonly audit: AuditLog,
  ) {}

  @Get('anchors')
  @Roles('auditor')
  @ApiOperation({ summary: 'The signed anchors over this app’s global sequence, oldest first' })
  @ApiOkResponse({ description: '{ items: [{ sequence, from, to, count, rollingHash, anchorHash, signature, … }] }' })
  async list(): Promise<{ items: AuditAnchor[] }> {
    return { items: await this.anchors.anchors() };
  }

  /** Public on purpose: anyone holding an export or an anchor must be able to fetch the key to check it. */
  @Get('anchor-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that signs anchors and exports (pin it)' })
  @ApiOkResponse({ description: '{ algorithm, keyId, publicKey, pem }' })
  key(): AnchorKeyView {
    return this.audit.anchorKey();
  }
}

@ApiTags('admin: operations')
@Controller('v1/admin/anchors')
@Roles('operator')
export class RecordAnchorController {
  constructor(private readonly anchors: AnchorKeeper) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a signed anchor now (besides the periodic ones)' })
  @ApiOkResponse({ description: '{ anchor, recorded }' })
  @ApiConflictResponse({ description: 'AUDIT_SIGNING_KEY_MISSING' })
  record(@CurrentPrincipal() principal: Principal): Promise<AnchorOutcome> {
    return this.anchors.anchorNow(principal.partnerId);
  }
}
