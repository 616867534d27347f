import { PARTNER_MESSAGE_HEADERS, PARTNER_SIGNATURE_SCHEME } from '@roaming/contracts';
import { createHmac, randomUUID, timingSafeEqual } from 'crypto';
import { type GeneratedApiKey, generateApiKey, hashApiKey } from './api-key';

/**
 * How a partner proves who produced a message on a B2B Kafka door (`b2b.<kind>.inbound.v1`). The partner signs the
 * message instead of sending its API key: Kafka keeps every message in its log, so a key in a header would be stored
 * at rest and readable by anyone who can read the topic.
 *
 *   x-api-key-id: <keyId>                      the public id of the partner's API key
 *   x-signature:  v1=<hex HMAC-SHA256>         over `<topic>.<message-id>.<key>.<raw value>`
 *
 * The HMAC key is sha256(apiKey) as lower-case hex text (64 characters), which is what the hub's credential
 * directory stores for the key, so the hub keeps no new secret. `<topic>` is the door's topic name as documented
 * (without any deployment prefix), `<message-id>` the message-id header, `<key>` the Kafka message key (the party id,
 * empty when absent) and `<raw value>` the body exactly as produced (UTF-8). The topic is signed so that a message
 * signed for one door cannot be replayed on another door (each door de-duplicates message ids on its own); within a
 * door a replay carries the same message id and changes nothing. The partners' description is in libs/contracts
 * (partner-messages.ts), which owns the header names.
 */
export const PARTNER_KEY_ID_HEADER = PARTNER_MESSAGE_HEADERS.keyId;
export const PARTNER_SIGNATURE_HEADER = PARTNER_MESSAGE_HEADERS.signature;

export interface PartnerMessageToSign {
  /** The door's topic, e.g. `b2b.cdrs.inbound.v1` (without a deployment prefix). */
  topic: string;
  /** The message-id header the message carries. */
  messageId: string;
  /** The Kafka message key: the producing party's id. */
  key: string | null;
  /** The body exactly as it goes on the wire. */
  rawValue: string;
}

export interface PartnerSigningKey {
  /** The API key itself (the partner's secret); only its sha256 is used. */
  apiKey: string;
  keyId: string;
}

const SIGNATURE = /^v1=([0-9a-f]{64})$/i;

/** The bytes that are signed. The topic and the message id come first, so the body can be any text. */
export function partnerMessageSigningInput(message: PartnerMessageToSign): string {
  return `${message.topic}.${message.messageId}.${message.key ?? ''}.${message.rawValue}`;
}

function hmac(keyHash: string, message: PartnerMessageToSign): Buffer {
  return createHmac('sha256', keyHash).update(partnerMessageSigningInput(message), 'utf8').digest();
}

/**
 * The producer side: the two headers a partner adds to a message (next to message-id). One helper for every door,
 * the load harness and the tests.
 */
export function signPartnerMessage(signer: PartnerSigningKey, message: PartnerMessageToSign): Record<string, string> {
  return {
    [PARTNER_KEY_ID_HEADER]: signer.keyId,
    [PARTNER_SIGNATURE_HEADER]: `${PARTNER_SIGNATURE_SCHEME}=${hmac(hashApiKey(signer.apiKey), message).toString('hex')}`,
  };
}

/** The hub side: true when `signature` (the x-signature header) is the v1 signature of the message under keyHash. */
export function isPartnerMessageSignatureValid(
  keyHash: string,
  message: PartnerMessageToSign,
  signature: string | undefined,
): boolean {
  const match = signature ? SIGNATURE.exec(signature.trim()) : null;
  if (!match) return false;
  // Both are 32 bytes here; comparing in constant time tells a forger nothing about how close a guess was.
  return timingSafeEqual(Buffer.from(match[1], 'hex'), hmac(keyHash, message));
}

export interface PartnerMessageDraft {
  /** The door's topic as documented; a deployment prefix goes on when producing, not into the signature. */
  topic: string;
  key: string;
  /** The JSON body (serialized with JSON.stringify, as the message bus does). */
  value: unknown;
  /** Defaults to a fresh UUID: message ids must be unpredictable and never reused (the doors de-duplicate on them). */
  messageId?: string;
  /** Further headers (type, correlation-id); they are not signed. */
  headers?: Record<string, string>;
}

/** A signed message, ready for MessageBus.publish (topic, key, value, headers) or a raw producer (rawValue). */
export interface SignedPartnerMessage {
  topic: string;
  key: string;
  value: unknown;
  rawValue: string;
  headers: Record<string, string>;
}

/** Serializes, signs and adds the message-id header: what a partner's producer does for every message. */
export function signedPartnerMessage(signer: PartnerSigningKey, draft: PartnerMessageDraft): SignedPartnerMessage {
  const rawValue = JSON.stringify(draft.value ?? null);
  const messageId = draft.messageId ?? randomUUID();
  return {
    topic: draft.topic,
    key: draft.key,
    value: draft.value,
    rawValue,
    headers: {
      ...draft.headers,
      'message-id': messageId,
      ...signPartnerMessage(signer, { topic: draft.topic, messageId, key: draft.key, rawValue }),
    },
  };
}

/**
 * The keys a producer holds (the partner's side of the doors): each issued key with its key id, so that messages can
 * be signed by naming the API key alone. The test fixtures of every context keep their partners' keys in one.
 */
export class PartnerKeyring {
  private readonly keyIds = new Map<string, string>();

  /** A new API key (generateApiKey), remembered for signing. */
  issue(): GeneratedApiKey {
    const generated = generateApiKey();
    this.keyIds.set(generated.key, generated.keyId);
    return generated;
  }

  keyIdOf(apiKey: string): string {
    const keyId = this.keyIds.get(apiKey);
    if (!keyId) throw new Error('not a key issued by this keyring');
    return keyId;
  }

  /** The message signed with that key, as the partner's producer signs it. */
  sign(apiKey: string, draft: PartnerMessageDraft): SignedPartnerMessage {
    return signedPartnerMessage({ apiKey, keyId: this.keyIdOf(apiKey) }, draft);
  }
}
