import { Injectable, Optional } from '@nestjs/common';
import type { PartnerMessageRefusalCode } from '@roaming/contracts';
import type { SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage, MessageRejectedError } from '@roaming/messaging';
import { PartyId } from '@roaming/shared-kernel';
import { AppConfig } from '../config/app-config';
import { CredentialDirectory, type SigningCredential } from './credential-directory';
import { operatorReplayKey, operatorReplaysOf } from './operator-replays';
import {
  DEFAULT_PARTNER_MESSAGE_FRESHNESS,
  partnerMessageFreshness,
  type PartnerMessageFreshnessRule,
} from './partner-message-freshness';
import {
  isPartnerMessageSignatureValid,
  isSignedAt,
  isUnambiguouslySigned,
  PARTNER_KEY_ID_HEADER,
  PARTNER_SIGNATURE_HEADER,
  PARTNER_SIGNED_AT_HEADER,
  type PartnerMessageToSign,
  verifyPartnerMessageSignature,
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
  /**
   * The consumer's transaction: the directory and the operator's replays are read in it (an embedded database has
   * one session). Without it no operator replay is known, so a message signed too long ago is refused.
   */
  tx?: SqlExecutor;
}

/**
 * Authenticates the producer of a message on a B2B Kafka door with the same rules as the REST doors (ApiKeyGuard +
 * assertActsFor): a valid signature by an active key (see partner-message-signature.ts), a partner not suspended,
 * a required role, and a message key that is one of the partner's party ids. One helper for every door. A Kafka
 * message is also refused when it was signed too long before the broker appended it to the door's log (a copy
 * produced again later: partner-message-freshness.ts), unless the operator replayed it (operator-replays.ts).
 */
@Injectable()
export class PartnerMessageAuthenticator {
  private readonly freshness: PartnerMessageFreshnessRule;

  constructor(
    private readonly directory: CredentialDirectory,
    @Optional() config?: AppConfig,
  ) {
    this.freshness = config?.partnerMessageFreshness ?? DEFAULT_PARTNER_MESSAGE_FRESHNESS;
  }

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
    const { roles, tx } = requirements;
    const replays = new Map<string, Promise<Date | undefined>>();
    const replayed = (topic: string, messageId: string) => {
      const key = operatorReplayKey(topic, messageId);
      let lookup = replays.get(key);
      if (!lookup) {
        lookup = tx ? operatorReplaysOf(tx, [{ topic, messageId }]).then((found) => found.get(key)) : noReplay;
        replays.set(key, lookup);
      }
      return lookup;
    };
    const door: Door = { find, replayed, roles, freshness: this.freshness };
    return {
      authenticate: (message) => authenticateWith(door, message, checkOnEventLoop),
      authenticateAll: async (messages) => {
        // One directory read for the whole batch (the consumer's transaction is one session, and a batch naming many
        // made-up key ids must not cost a round trip each).
        const wanted = messages.map((m) => m.headers[PARTNER_KEY_ID_HEADER]).filter((id): id is string => !!id);
        const unread = [...new Set(wanted)].filter((id) => !lookups.has(id));
        if (unread.length > 0) {
          const found = await this.directory.findByKeyIds(unread, tx);
          for (const id of unread) lookups.set(id, Promise.resolve(found.get(id)));
        }
        // Likewise one read of the operator's replays for the messages that claim an old signing time.
        const old = new Map<string, { topic: string; messageId: string }>();
        for (const m of messages) {
          const key = replayKeyOf(m);
          if (!replays.has(key) && signedTooLongAgo(m, this.freshness)) {
            old.set(key, { topic: m.topic, messageId: m.headers[HEADER.messageId] ?? '' });
          }
        }
        if (old.size > 0 && tx) {
          const found = await operatorReplaysOf(tx, [...old.values()]);
          for (const key of old.keys()) replays.set(key, Promise.resolve(found.get(key)));
        }
        return Promise.all(
          messages.map((message) =>
            authenticateWith(door, message, verifyPartnerMessageSignature).catch((error: unknown) => {
              if (error instanceof PartnerMessageRefusedError) return error;
              throw error;
            }),
          ),
        );
      },
    };
  }
}

export interface PartnerMessageBatchAuthenticator {
  /** One message; its signature is checked on the event loop (no thread-pool round trip for a lone message). */
  authenticate(message: InboundMessage): Promise<PartnerMessageSender>;
  /**
   * Every message of a batch at once, for the high-rate doors: the signatures are verified side by side on libuv's
   * thread pool, off the event loop (about 0.1 ms of CPU each: a quarter of a core at 2,000 messages/s). Each result
   * is the sender or the refusal, in the order of `messages`; any other error (the directory failed) is thrown.
   */
  authenticateAll(messages: readonly InboundMessage[]): Promise<(PartnerMessageSender | PartnerMessageRefusedError)[]>;
}

type SignatureCheck = (
  signingPublicKey: string | null,
  message: PartnerMessageToSign,
  signature: string | undefined,
) => boolean | Promise<boolean>;

const checkOnEventLoop: SignatureCheck = isPartnerMessageSignatureValid;

const noReplay: Promise<Date | undefined> = Promise.resolve(undefined);

/** What one door's check needs: its lookups (shared by a batch), its roles and its freshness rule. */
interface Door {
  find(keyId: string): Promise<SigningCredential | undefined>;
  /** When the operator replayed this message, if it did. */
  replayed(topic: string, messageId: string): Promise<Date | undefined>;
  roles: readonly Role[];
  freshness: PartnerMessageFreshnessRule;
}

function replayKeyOf(message: InboundMessage): string {
  return operatorReplayKey(message.topic, message.headers[HEADER.messageId] ?? '');
}

/** True when the message's own (claimed) signing time alone would get it refused as too old. */
function signedTooLongAgo(message: InboundMessage, rule: PartnerMessageFreshnessRule): boolean {
  const signedAt = message.headers[PARTNER_SIGNED_AT_HEADER];
  return (
    message.appendedAt !== undefined &&
    isSignedAt(signedAt) &&
    partnerMessageFreshness(new Date(signedAt), message.appendedAt, rule) === 'too-old'
  );
}

async function authenticateWith(
  door: Door,
  message: InboundMessage,
  checkSignature: SignatureCheck,
): Promise<PartnerMessageSender> {
  const { roles } = door;
  const keyId = message.headers[PARTNER_KEY_ID_HEADER];
  const messageId = message.headers[HEADER.messageId];
  if (!keyId || !messageId) throw unauthenticated();
  const signed = {
    messageId,
    type: message.headers[HEADER.type],
    correlationId: message.headers[HEADER.correlationId],
    signedAt: message.headers[PARTNER_SIGNED_AT_HEADER],
  };
  // The signed fields are joined with '.': a '.' in the message id, type or correlation id (or a signing time of
  // another form) would let a copy of a signed message pass under another split of the same bytes, e.g. a new
  // message id that the de-duplication does not know.
  if (!isUnambiguouslySigned(signed)) throw unauthenticated();
  const credential = await door.find(keyId);
  // Unknown key, revoked key, a key without a signing key and a wrong signature look the same to the producer: no
  // oracle (as on REST).
  if (
    !credential ||
    credential.status === 'revoked' ||
    !(await checkSignature(
      credential.signingPublicKey,
      {
        ...signed,
        topic: message.topic,
        key: message.key,
        rawValue: message.rawValue,
      },
      message.headers[PARTNER_SIGNATURE_HEADER],
    ))
  ) {
    throw unauthenticated();
  }
  // After the signature: the signing time is the partner's own word, and the reason may then name it.
  await assertFresh(door, message, messageId, new Date(signed.signedAt));
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

/**
 * Refuses a message signed too long before (or too far after) the broker appended it to the door's log. A message
 * the operator replayed counts as signed when the replay was recorded, within the clock skew either way (the hub's
 * database and the broker keep separate clocks). Without an append time (a topic that keeps the producer's
 * timestamp, which anyone producing could choose) nothing shows when the message was produced: refused.
 */
async function assertFresh(door: Door, message: InboundMessage, messageId: string, signedAt: Date): Promise<void> {
  const appendedAt = message.appendedAt;
  if (!appendedAt) {
    throw new PartnerMessageRefusedError(
      'UNAUTHENTICATED',
      `the door's topic does not stamp the time the broker appended the message (message.timestamp.type=` +
        'LogAppendTime), so its signing time cannot be checked',
    );
  }
  const rule = door.freshness;
  const verdict = partnerMessageFreshness(signedAt, appendedAt, rule);
  if (verdict === 'fresh') return;
  if (verdict === 'too-old') {
    const replayedAt = await door.replayed(message.topic, messageId);
    const replayWindow = { maxAgeMs: rule.maxAgeMs + rule.clockSkewMs, clockSkewMs: rule.clockSkewMs };
    if (replayedAt && partnerMessageFreshness(replayedAt, appendedAt, replayWindow) === 'fresh') return;
  }
  const seconds = (ms: number) => `${ms / 1000} s`;
  throw new PartnerMessageRefusedError(
    'UNAUTHENTICATED',
    verdict === 'too-old'
      ? `signed at ${signedAt.toISOString()}, more than ${seconds(rule.maxAgeMs)} before the broker appended it at ` +
          `${appendedAt.toISOString()}: a copy produced again later is refused (sign each message as you produce it)`
      : `signed at ${signedAt.toISOString()}, more than ${seconds(rule.clockSkewMs)} after the broker appended it ` +
          `at ${appendedAt.toISOString()}: the producer's clock is ahead`,
  );
}

function unauthenticated(): PartnerMessageRefusedError {
  return new PartnerMessageRefusedError(
    'UNAUTHENTICATED',
    `a partner message needs the headers ${PARTNER_KEY_ID_HEADER} (an active API key id), ${PARTNER_SIGNED_AT_HEADER} ` +
      `(YYYY-MM-DDTHH:MM:SS.sssZ) and ${PARTNER_SIGNATURE_HEADER} (v3=<base64url Ed25519 signature of ` +
      '<topic>.<message-id>.<type>.<correlation-id>.<signed-at>.<key>.<value> under the key pair derived from the ' +
      'API key; no "." in the message id, type or correlation id, none of them empty; see the Kafka signing note ' +
      'of the API description>)',
  );
}
