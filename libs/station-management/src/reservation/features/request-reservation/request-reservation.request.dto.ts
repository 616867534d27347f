import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { TokenType } from '../../domain';

const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];

export class ReservationTokenDto {
  @ApiProperty({ example: '04A2B3C4D5E6F7' }) @IsString() @Length(1, 255) uid!: string;
  @ApiProperty({ enum: TOKEN_TYPES }) @IsIn(TOKEN_TYPES) type!: TokenType;
}

/** IEC 63119-2 UC3-8: reserve an EVSE for one of your contracts until a given time. */
export class RequestReservationRequestDto {
  @ApiProperty({ example: 'DE*ABC*E1001*1' }) @IsString() @Length(1, 64) evseId!: string;

  @ApiProperty({ type: ReservationTokenDto, description: 'The token the driver will present (your contract)' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReservationTokenDto)
  token!: ReservationTokenDto;

  @ApiProperty({ example: '2026-03-01T10:30:00Z', description: 'Hold the EVSE until then (at most 24 h ahead)' })
  @IsString()
  reserveUntil!: string;
}

export class AnswerReservationRequestDto {
  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'] }) @IsIn(['ACCEPTED', 'REJECTED']) result!: 'ACCEPTED' | 'REJECTED';
  @ApiProperty({ required: false, example: 'EVSE_OCCUPIED' }) @IsOptional() @IsString() @Length(1, 200) reason?: string;
  @ApiProperty({
    required: false,
    example: { amount: '2.00', currency: 'EUR' },
    description: 'GeM 1528: the reservation may cost',
  })
  @IsOptional()
  @IsObject()
  fee?: { amount: string; currency: string };
}
