import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'crypto';
import { AppConfig } from '../config/app-config';
import { hashApiKey } from './api-key';
import { partnerSuspended, unauthenticated } from './auth.errors';
import { CredentialDirectory } from './credential-directory';
import { OPERATOR_PRINCIPAL, type Principal } from './principal';

/** Resolves an API key to a principal: the operator's bootstrap key first, then the context's credential directory. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly operatorKeyHash?: Buffer;

  constructor(
    private readonly directory: CredentialDirectory,
    config: AppConfig,
  ) {
    if (config.operatorApiKey) this.operatorKeyHash = Buffer.from(hashApiKey(config.operatorApiKey), 'hex');
  }

  /** Throws UNAUTHENTICATED (401) or PARTNER_SUSPENDED (403) as DomainErrors. */
  async authenticate(apiKey: string | undefined): Promise<Principal> {
    if (!apiKey) throw unauthenticated();
    const keyHash = hashApiKey(apiKey);
    // Comparing fixed-length digests in constant time leaks nothing about the bootstrap key.
    if (this.operatorKeyHash && timingSafeEqual(this.operatorKeyHash, Buffer.from(keyHash, 'hex'))) {
      return OPERATOR_PRINCIPAL;
    }
    const credential = await this.directory.findByKeyHash(keyHash);
    if (!credential || credential.status === 'revoked') throw unauthenticated();
    if (credential.status === 'suspended') throw partnerSuspended(credential.partnerId);
    const { partnerId, partyIds, roles, keyId } = credential;
    return Object.freeze({
      partnerId,
      partyIds: Object.freeze([...partyIds]),
      roles: Object.freeze([...roles]),
      keyId,
    });
  }
}
