import { PARTNER_MESSAGE_HEADERS, PARTNER_SIGNATURE_SCHEME } from '@roaming/contracts';
import { HEADER } from '@roaming/messaging';
import { type KeyObject, randomUUID, sign, verify } from 'crypto';
import { type GeneratedApiKey, generateApiKey } from './api-key';
import { isCanonicalBase64url, partnerSigningKeyPair, partnerVerifyingKey } from './partner-signing-key';

/**
 * How a partner proves who produced a message on a B2B Kafka door (`b2b.<kind>.inbound.v1`). The partner signs the
 * message instead of sending its API key: Kafka keeps every message in its log, so a key in a header would be stored
 * at rest and readable by anyone who can read the topic.
 *
 *   x-api-key-id: <keyId>                      the public id of the partner's API key
 *   x-signed-at:  <YYYY-MM-DDTHH:MM:SS.sssZ>   when the partner signed (the door bounds its age: partner-message-freshness.ts)
 *   x-signature:  v3=<base64url Ed25519>       over
 *                 `<topic>.<message-id>.<type>.<correlation-id>.<signed-at>.<key>.<raw value>`
 *
 * The signing key is an Ed25519 key pair derived from the API key (partner-signing-key.ts); the hub verifies with the
 * public key the registry published when it issued the key. The scheme is asymmetric on purpose: the key's SHA-256
 * (keyHash) is published on the registry's topic and stored by every context, so anything keyed by it could be
 * forged by whoever reads those. `<topic>` is the door's topic name as documented (without any deployment prefix),
 * `<message-id>` the message-id header, `<type>` the type header (empty when absent: some doors read the message type
 * from it), `<correlation-id>` the correlation-id header (empty when absent: the doors record it with the message's
 * effect), `<signed-at>` the x-signed-at header, `<key>` the Kafka message key (the party id, empty when absent) and
 * `<raw value>` the body exactly as produced (UTF-8). The topic is signed so that a message signed for one door cannot
 * be replayed on another door (each door de-duplicates message ids on its own); within a door a copy carries the same
 * message id, so it changes nothing once the message was applied, and the signing time stops a copy of a message the
 * door refused (and so did not de-duplicate) from being applied later. The partners' description is in libs/contracts
 * (partner-messages.ts), which owns the header names.
 */
export const PARTNER_KEY_ID_HEADER = PARTNER_MESSAGE_HEADERS.keyId;
export const PARTNER_SIGNATURE_HEADER = PARTNER_MESSAGE_HEADERS.signature;
export const PARTNER_SIGNED_AT_HEADER = PARTNER_MESSAGE_HEADERS.signedAt;

export interface PartnerMessageToSign {
  /** The door's topic, e.g. `b2b.cdrs.inbound.v1` (without a deployment prefix). */
  topic: string;
  /** The message-id header the message carries. */
  messageId: string;
  /** The type header the message carries, if any. */
  type?: string | null;
  /** The correlation-id header the message carries, if any. */
  correlationId?: string | null;
  /** The x-signed-at header: when the partner signed (isSignedAt). */
  signedAt: string;
  /** The Kafka message key: the producing party's id. */
  key: string | null;
  /** The body exactly as it goes on the wire. */
  rawValue: string;
}

export interface PartnerSigningKey {
  /** The API key itself (the partner's secret); the Ed25519 seed is derived from it. */
  apiKey: string;
  keyId: string;
}

/** An Ed25519 signature is 64 bytes: 86 base64url characters without padding. */
const SIGNATURE = new RegExp(`^${PARTNER_SIGNATURE_SCHEME}=([A-Za-z0-9_-]{86})$`);

/** `x-signed-at`: UTC with milliseconds, exactly as `Date.prototype.toISOString()` writes it. */
const SIGNED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * True for an x-signed-at value: one fixed form (24 characters, its one '.' always at the same place, so it cannot
 * move a field boundary of the signing input) naming a real instant (no 30 February).
 */
export function isSignedAt(value: string | undefined): value is string {
  if (value === undefined || !SIGNED_AT.test(value)) return false;
  // Month 13 or hour 25 fit the pattern but name no instant: Date.parse gives NaN, where toISOString would throw
  // (and a throw here failed the door's whole batch instead of refusing one message).
  const instant = Date.parse(value);
  return Number.isFinite(instant) && new Date(instant).toISOString() === value;
}

/**
 * Header values that sign unambiguously. The signed fields are joined with '.', so the message id, the type and the
 * correlation id have none, and the signing time has its one fixed form; a type or correlation id header, when
 * present, is not empty (an empty one signs like none, yet a door reading `type` would take it as given instead of
 * falling back to the body's type).
 */
export function isUnambiguouslySigned<
  T extends Pick<PartnerMessageToSign, 'messageId' | 'type' | 'correlationId'> & { signedAt: string | undefined },
>(message: T): message is T & { signedAt: string } {
  const optional = (value: string | null | undefined) => value !== '' && !(value ?? '').includes('.');
  return (
    !message.messageId.includes('.') &&
    optional(message.type) &&
    optional(message.correlationId) &&
    isSignedAt(message.signedAt)
  );
}

/** The text that is signed (as UTF-8). The topic and the message id come first, so the body can be any text. */
export function partnerMessageSigningInput(message: PartnerMessageToSign): string {
  const { topic, messageId, type, correlationId, signedAt, key, rawValue } = message;
  return `${topic}.${messageId}.${type ?? ''}.${correlationId ?? ''}.${signedAt}.${key ?? ''}.${rawValue}`;
}

/** What a producer signs: the signing time defaults to now. */
export type PartnerMessageToProduce = Omit<PartnerMessageToSign, 'signedAt'> & { signedAt?: Date | string };

/**
 * The producer side: the three headers a partner adds to a message (next to message-id): key id, signing time and
 * signature. One helper for every door, the load harness and the tests.
 */
export function signPartnerMessage(
  signer: PartnerSigningKey,
  message: PartnerMessageToProduce,
): Record<string, string> {
  const signedAt = message.signedAt instanceof Date ? message.signedAt.toISOString() : (message.signedAt ?? nowIso());
  const toSign: PartnerMessageToSign = { ...message, signedAt };
  if (!isUnambiguouslySigned(toSign)) {
    throw new Error(
      'a signed partner message needs a message id, type and correlation id without "." (no empty type or ' +
        'correlation id) and a signing time of the form YYYY-MM-DDTHH:MM:SS.sssZ',
    );
  }
  const signature = sign(
    null,
    Buffer.from(partnerMessageSigningInput(toSign), 'utf8'),
    partnerSigningKeyPair(signer.apiKey).privateKey,
  );
  return {
    [PARTNER_KEY_ID_HEADER]: signer.keyId,
    [PARTNER_SIGNED_AT_HEADER]: signedAt,
    [PARTNER_SIGNATURE_HEADER]: `${PARTNER_SIGNATURE_SCHEME}=${signature.toString('base64url')}`,
  };
}

function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The hub side: true when `signature` (the x-signature header) is the v3 signature of the message under the
 * credential's published public key. False for any other scheme (v1 included) and for a credential without a
 * public key (issued before signing keys existed: it cannot sign Kafka messages). It checks the bytes only: whether
 * the signing time is recent enough is the door's rule (partner-message-freshness.ts).
 */
export function isPartnerMessageSignatureValid(
  signingPublicKey: string | null | undefined,
  message: PartnerMessageToSign,
  signature: string | undefined,
): boolean {
  const check = signatureCheck(signingPublicKey, message, signature);
  return check !== undefined && verify(null, check.data, check.publicKey, check.signature);
}

/**
 * The same check on libuv's thread pool, off the event loop: an Ed25519 verification costs about 0.1 ms of CPU, so a
 * door that checks a batch's messages side by side this way keeps its event loop for the rest of the work.
 */
export function verifyPartnerMessageSignature(
  signingPublicKey: string | null | undefined,
  message: PartnerMessageToSign,
  signature: string | undefined,
): Promise<boolean> {
  const check = signatureCheck(signingPublicKey, message, signature);
  if (check === undefined) return Promise.resolve(false);
  return new Promise((resolve) =>
    verify(null, check.data, check.publicKey, check.signature, (error, valid) => resolve(!error && valid)),
  );
}

/** What verification needs, or undefined when the header or the key cannot be one (then nothing is verified). */
function signatureCheck(
  signingPublicKey: string | null | undefined,
  message: PartnerMessageToSign,
  signature: string | undefined,
): { data: Buffer; publicKey: KeyObject; signature: Buffer } | undefined {
  const match = signature ? SIGNATURE.exec(signature.trim()) : null;
  const publicKey = signingPublicKey ? partnerVerifyingKey(signingPublicKey) : undefined;
  if (!match || !publicKey || !isCanonicalBase64url(match[1])) return undefined;
  return {
    data: Buffer.from(partnerMessageSigningInput(message), 'utf8'),
    publicKey,
    signature: Buffer.from(match[1], 'base64url'),
  };
}

export interface PartnerMessageDraft {
  /** The door's topic as documented; a deployment prefix goes on when producing, not into the signature. */
  topic: string;
  key: string;
  /** The JSON body (serialized with JSON.stringify, as the message bus does). */
  value: unknown;
  /** Defaults to a fresh UUID: message ids must be unpredictable and never reused (the doors de-duplicate on them). */
  messageId?: string;
  /** Defaults to now: the door refuses a message appended to its log long after it was signed. */
  signedAt?: Date | string;
  /** Further headers; of these `type` and `correlation-id` are signed. */
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
      ...signPartnerMessage(signer, {
        topic: draft.topic,
        messageId,
        type: draft.headers?.[HEADER.type],
        correlationId: draft.headers?.[HEADER.correlationId],
        signedAt: draft.signedAt,
        key: draft.key,
        rawValue,
      }),
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
