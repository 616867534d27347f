import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@roaming/shared-kernel';
import { Roles } from '../../auth/auth.decorators';
import type { ProjectionStatus } from '../projections/versioned-projection';
import { VersionedProjections } from '../projections/versioned-projections';

@ApiTags('admin: operations')
@Controller('v1/admin/processors')
@Roles('operator')
export class RebuildProjectionController {
  constructor(private readonly projections: VersionedProjections) {}

  @Post(':processorId/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Rebuild a versioned projection from the event store into a new version (new table); queries keep reading ' +
      'the active version until the new one has caught up, then switch',
  })
  @ApiAcceptedResponse({ description: 'the projection status with `rebuilding`' })
  @ApiConflictResponse({ description: 'PROCESSOR_NOT_REBUILDABLE (a forwarder, or not a versioned projection)' })
  async rebuild(@Param('processorId') processorId: string): Promise<ProjectionStatus> {
    const projection = this.projections.find(processorId);
    if (!projection) {
      throw DomainError.illegalState(
        'PROCESSOR_NOT_REBUILDABLE',
        `${processorId} is not a versioned projection of this app; only those are rebuilt into a new version`,
      );
    }
    return projection.rebuild();
  }
}
