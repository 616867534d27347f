import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { MAX_CERTIFICATE_LENGTH } from '../../application/contract-certificate';

/** IEC 63119-2 UC3-3: the EV presented its contract certificate to one of the caller's EVSEs (ISO 15118 PnC). */
export class AuthorizePlugAndChargeRequestDto {
  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  @IsString()
  @Length(1, 64)
  evseId!: string;

  @ApiProperty({
    description:
      "The EV's contract certificate, PEM. Its subject's common name is the EMAID. (A backend that already read " +
      'the EMAID may instead POST /v1/authorizations with token type PLUG_AND_CHARGE.)',
  })
  @IsString()
  @Length(1, MAX_CERTIFICATE_LENGTH)
  contractCertificate!: string;

  @ApiPropertyOptional({ example: 'CHARGING' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  service?: string;
}
