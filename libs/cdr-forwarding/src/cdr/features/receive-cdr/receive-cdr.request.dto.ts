import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CdrChargingPeriodV1, CdrServiceV1, InboundCdrV1 } from '@roaming/contracts';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';

/** Shapes only: the value objects (EvseId, Emaid, TokenUid, Money, instants) check the content in the handler. */
export class CdrTotalCostDto {
  @ApiProperty({
    description: 'Decimal amount as a string (never a JSON number), incl. VAT as invoiced',
    example: '9.68',
  })
  @IsString()
  @IsNotEmpty()
  amount!: string;

  @ApiProperty({ description: 'ISO 4217 currency code', example: 'EUR' })
  @IsString()
  @IsNotEmpty()
  currency!: string;
}

/** Body of POST /v1/cdrs and of a message on `b2b.cdrs.inbound.v1` (libs/contracts InboundCdrV1). */
export class ReceiveCdrRequestDto implements InboundCdrV1 {
  @ApiProperty({
    description: "The CPO's id of this CDR, unique per CPO",
    minLength: 1,
    maxLength: 64,
    example: 'CDR-2026-0001',
  })
  @IsString()
  @Length(1, 64)
  cdrId!: string;

  @ApiProperty({
    description: 'ISO 15118 EVSE id; its operator must be one of your party ids',
    example: 'DE*ABC*E123456*1',
  })
  @IsString()
  @IsNotEmpty()
  evseId!: string;

  @ApiProperty({
    description: 'eMA id of the driver’s contract; its provider id routes the CDR',
    example: 'DE-8AA-001234567-0',
  })
  @IsString()
  @IsNotEmpty()
  emaid!: string;

  @ApiProperty({ description: 'RFID UID (hex) of the token used', example: '04A2B3C4D5E6F7' })
  @IsString()
  @IsNotEmpty()
  tokenUid!: string;

  @ApiPropertyOptional({ description: "The clearing house's authorization id of the session", maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  authorizationId?: string;

  @ApiProperty({ description: 'Session start, ISO 8601 with offset', example: '2026-03-01T10:00:00Z' })
  @IsString()
  @IsNotEmpty()
  startedAt!: string;

  @ApiProperty({ description: 'Session end, ISO 8601 with offset', example: '2026-03-01T11:00:00Z' })
  @IsString()
  @IsNotEmpty()
  endedAt!: string;

  @ApiProperty({ description: 'Energy delivered, whole Wh', minimum: 0, example: 22000 })
  @IsInt()
  @Min(0)
  energyWh!: number;

  @ApiProperty({ type: CdrTotalCostDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CdrTotalCostDto)
  totalCost!: CdrTotalCostDto;

  // The optional fields below (libs/contracts CdrV1, IEC 63110 S6) are checked for their shape here and for their
  // content by the record parser, which reports every fault of the record together.

  @ApiPropertyOptional({ enum: ['CDR', 'SDR'], description: 'SDR: the record also carries other services' })
  @IsOptional()
  @IsIn(['CDR', 'SDR'])
  recordType?: 'CDR' | 'SDR';

  @ApiPropertyOptional({ description: 'The charging session the record closes (hub or CPO session id)' })
  @IsOptional()
  @IsString()
  sessionId?: string;

  @ApiPropertyOptional({ description: "IANA time zone; default: the EVSE site's", example: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ description: 'Seconds energy flowed', minimum: 0 })
  @IsOptional()
  @IsInt()
  chargingDurationSeconds?: number;

  @ApiPropertyOptional({ description: 'Seconds connected without charging', minimum: 0 })
  @IsOptional()
  @IsInt()
  parkingDurationSeconds?: number;

  @ApiPropertyOptional({ description: 'Reactive energy, varh' })
  @IsOptional()
  @IsInt()
  reactiveEnergyVarh?: number;

  @ApiPropertyOptional({ description: 'Periods { startedAt, endedAt, state CHARGING|PARKING, energyWh, powerKw? }' })
  @IsOptional()
  @IsArray()
  chargingPeriods?: CdrChargingPeriodV1[];

  @ApiPropertyOptional({ description: 'Meter readings { timestamp, energyWh }' })
  @IsOptional()
  @IsArray()
  meterValues?: { timestamp: string; energyWh: number }[];

  @ApiPropertyOptional({ description: 'Signed meter data { format (e.g. OCMF), value }, kept verbatim' })
  @IsOptional()
  @IsObject()
  signedMeterData?: { format: string; value: string };

  @ApiPropertyOptional({ description: 'The tariff id the CPO applied' })
  @IsOptional()
  @IsString()
  tariffId?: string;

  @ApiPropertyOptional({ description: 'VAT split { exclVat, vat } (decimal strings); exclVat + vat = totalCost' })
  @IsOptional()
  @IsObject()
  costBreakdown?: { exclVat: string; vat: string };

  @ApiPropertyOptional({ description: 'SDR services { type, description, startedAt, endedAt, amountExclVat, vat }' })
  @IsOptional()
  @IsArray()
  services?: CdrServiceV1[];

  @ApiPropertyOptional({ description: 'Credit record: the cdrId of your accepted record it cancels (negated amounts)' })
  @IsOptional()
  @IsString()
  creditOf?: string;

  @ApiPropertyOptional({ description: 'Revised record: the cdrId of your record it replaces after a dispute' })
  @IsOptional()
  @IsString()
  revisionOf?: string;
}
