import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CONNECTOR_FORMATS,
  CONNECTOR_STANDARDS,
  type ConnectorFormat,
  type ConnectorStandard,
  ENERGY_SOURCES,
  type EnergySource,
  type Evse,
  POWER_TYPES,
  type PowerType,
  SITE_ACCESS,
  type SiteAccess,
  type SiteDetails,
} from '../domain';

/**
 * A site travels as one message (SitePublished, to other contexts and EVSPs): with at most 200 EVSEs of at most 8
 * connectors it stays far below Kafka's 1 MB message limit, whatever the partitioner groups with it.
 */
export const MAX_EVSES_PER_SITE = 200;
export const MAX_CONNECTORS_PER_EVSE = 8;

/** 10 MW: beyond any EVSE built today; a larger number is a unit mistake (kW sent as W is the other way round). */
const MAX_POWER_W = 10_000_000;

export class ConnectorDto {
  @ApiProperty({ example: '1' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,36}$/)
  connectorId!: string;

  @ApiProperty({ enum: CONNECTOR_STANDARDS })
  @IsIn(CONNECTOR_STANDARDS)
  standard!: ConnectorStandard;

  @ApiProperty({ enum: CONNECTOR_FORMATS })
  @IsIn(CONNECTOR_FORMATS)
  format!: ConnectorFormat;

  @ApiProperty({ enum: POWER_TYPES })
  @IsIn(POWER_TYPES)
  powerType!: PowerType;

  @ApiProperty({ description: 'Watts', example: 22000 })
  @IsInt()
  @Min(1)
  @Max(MAX_POWER_W)
  maxPowerW!: number;
}

/** An EVSE of a site (its id comes from the body of a full load, or the path of a delta). */
export class EvseBodyDto {
  @ApiProperty({ type: [ConnectorDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONNECTORS_PER_EVSE)
  @ValidateNested({ each: true })
  @Type(() => ConnectorDto)
  connectors!: ConnectorDto[];

  @ApiProperty({ description: 'What the EVSE delivers at most, in watts', example: 22000 })
  @IsInt()
  @Min(1)
  @Max(MAX_POWER_W)
  maxPowerW!: number;

  @ApiProperty({ description: 'GeM 1528: whether EVSPs may reserve it' })
  @IsBoolean()
  reservationAllowed!: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Tariff references (the registry owns the tariffs)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 36, { each: true })
  tariffIds?: string[];

  @ApiPropertyOptional({ example: '7', description: 'The label drivers see on the EVSE' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  physicalReference?: string;
}

export class EvseDto extends EvseBodyDto {
  @ApiProperty({ example: 'DE*ABC*E1001*1', description: "ISO 15118-2 EVSE id under one of the caller's operator ids" })
  @IsString()
  @Length(1, 64)
  evseId!: string;
}

class AddressDto {
  @ApiProperty() @IsString() @Length(1, 100) street!: string;
  @ApiProperty() @IsString() @Length(1, 16) postalCode!: string;
  @ApiProperty() @IsString() @Length(1, 60) city!: string;
  @ApiProperty({ example: 'DE' }) @IsString() @Length(2, 2) country!: string;
}

class CoordinatesDto {
  @ApiProperty({ example: '53.5433' }) @IsString() @Length(1, 16) latitude!: string;
  @ApiProperty({ example: '9.9866' }) @IsString() @Length(1, 16) longitude!: string;
}

class RegularHoursDto {
  @ApiProperty({ minimum: 1, maximum: 7 }) @IsInt() @Min(1) @Max(7) weekday!: number;
  @ApiProperty({ example: '07:00' }) @IsString() from!: string;
  @ApiProperty({ example: '22:00' }) @IsString() to!: string;
}

class OpeningHoursDto {
  @ApiProperty() @IsBoolean() twentyFourSeven!: boolean;

  @ApiPropertyOptional({ type: [RegularHoursDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(28)
  @ValidateNested({ each: true })
  @Type(() => RegularHoursDto)
  regularHours?: RegularHoursDto[];
}

class EnergySourceDto {
  @ApiProperty({ enum: ENERGY_SOURCES }) @IsIn(ENERGY_SOURCES) source!: EnergySource;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) percentage!: number;
}

class EnergyMixDto {
  @ApiProperty() @IsBoolean() greenEnergy!: boolean;

  @ApiPropertyOptional({ type: [EnergySourceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => EnergySourceDto)
  sources?: EnergySourceDto[];
}

/** The site-level data of a full load (IEC 63119-2 UC1-2; GeM 1527: location, access, energy attributes). */
export class SiteDetailsDto {
  @ApiProperty({ example: 'Depot Nord' }) @IsString() @Length(1, 255) name!: string;

  @ApiProperty({ type: AddressDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiProperty({ type: CoordinatesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CoordinatesDto)
  coordinates!: CoordinatesDto;

  @ApiProperty({ example: 'Europe/Berlin' }) @IsString() @Length(1, 64) timeZone!: string;

  @ApiProperty({ type: OpeningHoursDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours!: OpeningHoursDto;

  @ApiProperty({ enum: SITE_ACCESS }) @IsIn(SITE_ACCESS) access!: SiteAccess;

  @ApiPropertyOptional({ type: EnergyMixDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EnergyMixDto)
  energyMix?: EnergyMixDto;

  @ApiPropertyOptional({ example: 'DEN01:LV-0042', description: 'The grid section: <DSO party id>:<area>' })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  loadAreaId?: string;

  @ApiPropertyOptional({ description: 'The data is valid from this instant (eMI3 UCE MD validity period)' })
  @IsOptional()
  @IsString()
  validFrom?: string;

  @ApiPropertyOptional({ description: 'The data is valid until this instant' })
  @IsOptional()
  @IsString()
  validUntil?: string;
}

export class PublishSiteRequestDto extends SiteDetailsDto {
  @ApiProperty({
    type: [EvseDto],
    maxItems: MAX_EVSES_PER_SITE,
    description: 'The complete list: EVSEs missing here are withdrawn',
  })
  @IsArray()
  @ArrayMaxSize(MAX_EVSES_PER_SITE)
  @ValidateNested({ each: true })
  @Type(() => EvseDto)
  evses!: EvseDto[];
}

export function toSiteDetails(dto: SiteDetailsDto): SiteDetails {
  return {
    name: dto.name,
    address: {
      street: dto.address.street,
      postalCode: dto.address.postalCode,
      city: dto.address.city,
      country: dto.address.country,
    },
    coordinates: { latitude: dto.coordinates.latitude, longitude: dto.coordinates.longitude },
    timeZone: dto.timeZone,
    openingHours: {
      twentyFourSeven: dto.openingHours.twentyFourSeven,
      regularHours: (dto.openingHours.regularHours ?? []).map((h) => ({ weekday: h.weekday, from: h.from, to: h.to })),
    },
    access: dto.access,
    energyMix: dto.energyMix
      ? {
          greenEnergy: dto.energyMix.greenEnergy,
          sources: (dto.energyMix.sources ?? []).map((s) => ({ source: s.source, percentage: s.percentage })),
        }
      : null,
    loadAreaId: dto.loadAreaId ?? null,
    validFrom: dto.validFrom ?? null,
    validUntil: dto.validUntil ?? null,
  };
}

export function toEvse(evseId: string, dto: EvseBodyDto): Evse {
  return {
    evseId,
    connectors: dto.connectors.map((c) => ({
      connectorId: c.connectorId,
      standard: c.standard,
      format: c.format,
      powerType: c.powerType,
      maxPowerW: c.maxPowerW,
    })),
    maxPowerW: dto.maxPowerW,
    reservationAllowed: dto.reservationAllowed,
    tariffIds: dto.tariffIds ?? [],
    physicalReference: dto.physicalReference ?? null,
  };
}
