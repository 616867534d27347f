import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { AuditLog } from '../audit-log';
import { CategoryPipe, StreamNamePipe } from '../audit-params';
import type { VerificationView } from '../audit-views';

@ApiTags('audit')
@Controller('v1/audit/verification')
@Roles('auditor')
export class VerifyController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary:
      "Verify everything: every stream's hash chain and head, and the signed anchors over the global sequence " +
      '(truncation, insertion, edits and re-hashing between anchors)',
  })
  @ApiOkResponse({ description: '{ valid, chains: { issues: [...] }, anchors: { issues: [...] } }' })
  everything(): Promise<VerificationView> {
    return this.audit.verify({ everything: true });
  }

  @Get('streams/:streamName')
  @ApiOperation({ summary: "Verify one stream's hash chain; an issue names the stream and global position" })
  stream(@Param('streamName', StreamNamePipe) streamName: string): Promise<VerificationView> {
    return this.audit.verify({ streamName });
  }

  @Get('categories/:category')
  @ApiOperation({ summary: 'Verify the hash chains of every stream of a category' })
  category(@Param('category', CategoryPipe) category: string): Promise<VerificationView> {
    return this.audit.verify({ category });
  }
}
