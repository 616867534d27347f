import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';

export const CDR_BATCH_MAX_RECORDS = 500;

/** Body of POST /v1/cdrs/batch: up to 500 records, each checked like a POST /v1/cdrs body (answered per record). */
export class ReceiveCdrBatchRequestDto {
  @ApiProperty({
    description: `1 to ${CDR_BATCH_MAX_RECORDS} records, each the body of POST /v1/cdrs`,
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CDR_BATCH_MAX_RECORDS)
  records!: unknown[];
}
