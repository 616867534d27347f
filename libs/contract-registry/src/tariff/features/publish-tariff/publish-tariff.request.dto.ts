import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { TARIFF_AUDIENCES, type TariffAudience } from '../../domain/tariff.events';

export class PublishTariffRequestDto {
  @ApiPropertyOptional({ description: 'Your CPO party id; required only when you act for more than one party.' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  cpoPartyId?: string;

  @ApiPropertyOptional({
    enum: TARIFF_AUDIENCES,
    default: 'public',
    description: 'public: applies to every EVSP roaming with you; negotiated: only where an agreement names it.',
  })
  @IsOptional()
  @IsIn(TARIFF_AUDIENCES)
  audience?: TariffAudience;

  @ApiPropertyOptional({
    description: 'When this version starts pricing sessions (ISO-8601); default: now. Never past.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiProperty({
    description:
      'The tariff: { currency, vatPercent, minPrice?, maxPrice?, elements: [{ priceComponents: [{ type: ENERGY | ' +
      'TIME | PARKING_TIME | FLAT, price (excl. VAT; per kWh, per minute, per session), stepSize? (Wh or s), ' +
      'vatPercent? }], restrictions?: { startTime, endTime (local HH:MM, may cross midnight), daysOfWeek, minKwh, ' +
      'maxKwh, minPowerKw, maxPowerKw, minDurationSeconds, maxDurationSeconds } }] }. Amounts are decimal strings.',
    example: {
      currency: 'EUR',
      vatPercent: '19',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.29' }],
          restrictions: { startTime: '22:00', endTime: '06:00' },
        },
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.39' },
            { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
          ],
        },
      ],
    },
  })
  @IsObject()
  tariff!: Record<string, unknown>;
}
