import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CONTRACT_STATUSES, type ContractStatus } from '../../domain/contract-record';

export class ChangeStatusRequestDto {
  @ApiProperty({ enum: CONTRACT_STATUSES })
  @IsIn(CONTRACT_STATUSES)
  status!: ContractStatus;
}
