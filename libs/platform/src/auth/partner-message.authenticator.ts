import { Injectable } from '@nestjs/common';
import type { PartnerMessageRefusalCode } from '@roaming/contracts';
import type { SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage, MessageRejectedError } from '@roaming/messaging';
import { PartyId } from '@roaming/shared-kernel';
import { CredentialDirectory, type SigningCredential } from './credential-directory';
import {
  isPartnerMessageSignatureValid,
  PARTNER_KEY_ID_HEADER,
  PARTNER_SIGNATURE_HEADER,
} from './partner-message-signature';
import type { Principal, Role } from './principal';

/** The stable codes a refused partner message carries at the start of its dead-letter reason (libs/contracts). */
export type { PartnerMessageRefusalCode };

/**
 * A partner message that failed authentication. It is a MessageRejectedError, so the platform consumer parks it on
 * the door's dead-letter topic at once (no retries, the partition moves on) and its transaction, the
 * de-duplication claim included, rolls back: a forged message changes nothing and cannot use up a message id.
 */
export class PartnerMessageRefusedError extends MessageRejectedError {
  constructor(
    readonly code: PartnerMessageRefusalCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'PartnerMessageRefusedError';
  }
}

/** Who produced an authenticated message, and the party it speaks for (its key, normalized). */
export interface PartnerMessageSender {
  readonly principal: Principal;
  readonly partyId: string;
}

export interface PartnerMessageRequirements {
  /** The sender needs at least one of these roles (as @Roles on the REST door). */
  roles: readonly Role[];
  /** The consumer's transaction: the directory is read in it (an embedded database has one session). */
  tx?: SqlExecutor;
}

/**
 * Authenticates the producer of a message on a B2B Kafka door with the same rules as the REST doors (ApiKeyGuard +
 * assertActsFor): a valid signature by an active key (see partner-message-signature.ts), a partner not suspended,
 * a required role, and a message key that is one of the partner's party ids. One helper for every door.
 */
@Injectable()
export class PartnerMessageAuthenticator {
  constructor(private readonly directory: CredentialDirectory) {}

  /** Resolves the sender, or throws PartnerMessageRefusedError. */
  authenticate(message: InboundMessage, requirements: PartnerMessageRequirements): Promise<PartnerMessageSender> {
    return this.batch(requirements).authenticate(message);
  }

  /**
   * For a batch consumer: the directory is read once per distinct key id of the batch (the signature, which covers
   * each message's own bytes, is still checked per message).
   */
  batch(requirements: PartnerMessageRequirements): PartnerMessageBatchAuthenticator {
    const lookups = new Map<string, Promise<SigningCredential | undefined>>();
    const find = (keyId: string) => {
      let lookup = lookups.get(keyId);
      if (!lookup) lookups.set(keyId, (lookup = this.directory.findByKeyId(keyId, requirements.tx)));
      return lookup;
    };
    return { authenticate: (message) => authenticateWith(find, message, requirements.roles) };
  }
}

export interface PartnerMessageBatchAuthenticator {
  authenticate(message: InboundMessage): Promise<PartnerMessageSender>;
}

async function authenticateWith(
  find: (keyId: string) => Promise<SigningCredential | undefined>,
  message: InboundMessage,
  roles: readonly Role[],
): Promise<PartnerMessageSender> {
  const keyId = message.headers[PARTNER_KEY_ID_HEADER];
  const messageId = message.headers[HEADER.messageId];
  if (!keyId || !messageId) throw unauthenticated();
  const credential = await find(keyId);
  // Unknown key, revoked key, a key without a signing key and a wrong signature look the same to the producer: no
  // oracle (as on REST).
  if (
    !credential ||
    credential.status === 'revoked' ||
    !isPartnerMessageSignatureValid(
      credential.signingPublicKey,
      {
        topic: message.topic,
        messageId,
        type: message.headers[HEADER.type],
        key: message.key,
        rawValue: message.rawValue,
      },
      message.headers[PARTNER_SIGNATURE_HEADER],
    )
  ) {
    throw unauthenticated();
  }
  if (credential.status === 'suspended') {
    throw new PartnerMessageRefusedError('PARTNER_SUSPENDED', `partner ${credential.partnerId} is suspended`);
  }
  if (roles.length > 0 && !roles.some((role) => credential.roles.includes(role))) {
    throw new PartnerMessageRefusedError(
      'ROLE_REQUIRED',
      `this door requires the role ${roles.map((role) => `'${role}'`).join(' or ')}`,
    );
  }
  const partyId = message.key && PartyId.isValid(message.key) ? PartyId.parse(message.key).value : undefined;
  if (!partyId || !credential.partyIds.includes(partyId)) {
    throw new PartnerMessageRefusedError(
      'PARTY_NOT_OWNED',
      `the message key ${JSON.stringify(message.key)} is not a party id of partner ${credential.partnerId}`,
    );
  }
  const { partnerId, partyIds, keyId: id } = credential;
  return {
    principal: Object.freeze({ partnerId, partyIds: [...partyIds], roles: [...credential.roles], keyId: id }),
    partyId,
  };
}

function unauthenticated(): PartnerMessageRefusedError {
  return new PartnerMessageRefusedError(
    'UNAUTHENTICATED',
    `a partner message needs the headers ${PARTNER_KEY_ID_HEADER} (an active API key id) and ${PARTNER_SIGNATURE_HEADER} ` +
      '(v2=<base64url Ed25519 signature of <topic>.<message-id>.<type>.<key>.<value> under the key pair derived ' +
      'from the API key, see the Kafka signing note of the API description>)',
  );
}
