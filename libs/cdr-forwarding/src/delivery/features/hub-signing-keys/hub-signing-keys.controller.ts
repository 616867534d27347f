import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@roaming/platform';
import { CDR_DELIVERY_SETTINGS, type CdrDeliverySettings } from '../../config/cdr-delivery.settings';

export interface HubSigningKeysV1 {
  keys: { keyId: string; algorithm: 'Ed25519'; publicKey: string; pem: string }[];
  /** How to verify a webhook POST. */
  scheme: string;
}

@ApiTags('hub')
@Controller('v1/hub')
export class HubSigningKeysController {
  constructor(@Inject(CDR_DELIVERY_SETTINGS) private readonly settings: CdrDeliverySettings) {}

  @Get('signing-keys')
  @Public()
  @ApiOperation({
    summary: "The hub's public keys that sign webhook deliveries",
    description:
      'Verify Hub-Signature (ed25519=<base64>) over "<Hub-Timestamp>.<raw body>" with the key named by Hub-Key-Id. ' +
      'publicKey is the raw 32-byte Ed25519 key in base64.',
  })
  @ApiResponse({ status: 200, description: '{ keys: [{ keyId, algorithm, publicKey, pem }], scheme }' })
  keys(): HubSigningKeysV1 {
    const key = this.settings.signingKey.publicKey;
    return {
      keys: [{ keyId: key.keyId, algorithm: 'Ed25519', publicKey: key.raw, pem: key.pem }],
      scheme: 'Hub-Signature: ed25519=base64(Ed25519(Hub-Timestamp + "." + body))',
    };
  }
}
