import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ProcessorStatus, type ProcessorView } from './processor-status';

@ApiTags('admin: operations')
@Controller('v1/admin/processors')
@Roles('operator')
export class ListProcessorsController {
  constructor(private readonly status: ProcessorStatus) {}

  @Get()
  @ApiOperation({ summary: 'Projections and forwarders of this app: checkpoint, lag (events behind), running' })
  @ApiOkResponse({ description: '{ items: [...] }' })
  async list(): Promise<{ items: ProcessorView[] }> {
    return { items: await this.status.list() };
  }

  @Get(':processorId')
  @ApiOperation({ summary: 'One processor' })
  @ApiNotFoundResponse({ description: 'PROCESSOR_NOT_FOUND' })
  get(@Param('processorId') processorId: string): Promise<ProcessorView> {
    return this.status.get(processorId);
  }
}
