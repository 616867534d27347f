import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_BATCH_CONTRACTS } from '../../domain/contract-batch';
import { RegisterContractRequestDto } from '../register-contract/register-contract.request.dto';

export class UploadContractBatchRequestDto {
  @ApiPropertyOptional({
    description: 'The EVSP party the contracts belong to; required only when you act for more than one party.',
    example: 'NL-EVB',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  emspPartyId?: string;

  @ApiProperty({
    description:
      `1 to ${MAX_BATCH_CONTRACTS} contracts, each its whole record as POST /v1/contracts takes it. Rows are checked ` +
      'one by one by the registry (not by this envelope), so that every bad row is reported with its index.',
    type: [RegisterContractRequestDto],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_CONTRACTS)
  @IsObject({ each: true })
  contracts!: Record<string, unknown>[];
}
