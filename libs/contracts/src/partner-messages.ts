/**
 * How a partner produces on a B2B Kafka door (`b2b.<kind>.inbound.v1`). Every message carries:
 *
 * | header           | value                                                                                  |
 * |------------------|----------------------------------------------------------------------------------------|
 * | `message-id`     | a fresh UUID per message, never reused (the door de-duplicates on it: a re-sent message |
 * |                  | with the same id changes nothing)                                                      |
 * | `x-api-key-id`   | the `keyId` the operator returned with the partner's API key                           |
 * | `x-signed-at`    | when the partner signed, UTC, exactly `YYYY-MM-DDTHH:MM:SS.sssZ` (RFC 3339 with        |
 * |                  | milliseconds, as JavaScript's `toISOString()` writes it)                                |
 * | `x-signature`    | `v3=` + the base64url (no padding) Ed25519 signature of the signing input below        |
 * | `type`           | optional; when present it is signed too (the station-commands and authorization doors  |
 * |                  | read the message type from it when the body has none)                                 |
 * | `correlation-id` | optional; when present it is signed too (it is recorded with what the message causes) |
 *
 * The signing key is derived from the API key, so a partner registers nothing new:
 * 1. seed = SHA-256( UTF-8 bytes of `roaming-hub/kafka-signing/v2` followed by one line feed (0x0A),
 *    then the UTF-8 bytes of the API key ) — 32 bytes (the label names the key derivation, unchanged since v2);
 * 2. the Ed25519 private key is that 32-byte seed (RFC 8032 section 5.1.5; in PKCS#8 it is the `CurvePrivateKey`, in
 *    a JWK the `d` member, in libsodium `crypto_sign_seed_keypair`, in Go `ed25519.NewKeyFromSeed`);
 * 3. signing input = UTF-8 bytes of `<topic>.<message-id>.<type>.<correlation-id>.<signed-at>.<key>.<value>`:
 *    `<topic>` the door's topic as named here (e.g. `b2b.cdrs.inbound.v1`, without a deployment prefix),
 *    `<message-id>` the header above, `<type>` and `<correlation-id>` those headers (empty when the message has
 *    none), `<signed-at>` the `x-signed-at` header, `<key>` the Kafka message key (the partner's party id, e.g.
 *    `DEABC`), `<value>` the body exactly as sent (UTF-8 JSON), joined with `.`. The message id, the type and the
 *    correlation id contain no `.` and a type or correlation id header is never empty, and `x-signed-at` has exactly
 *    the form above (its one `.` always at the same place); a message breaking this is refused. Otherwise two splits
 *    of the same bytes (`id a, type b.c` and `id a.b, type c`) would sign alike, and a copy of a signed message could
 *    be replayed under another message id;
 * 4. `x-signature: v3=` + base64url without padding of the 64-byte Ed25519 signature (86 characters).
 *
 * The hub keeps only the public key (the registry computes it when it issues the key), never the API key nor the
 * seed: nobody who reads the hub's topics, databases or backups can sign as the partner. The partner never sends its
 * API key on Kafka, where every message is stored. Other rules:
 * - the key must be a party id of the partner whose key signed, and the partner must hold the door's role (`cpo` for
 *   CDRs, authorization requests and session reports, EVSE status, station-command answers and grid responses; `emsp`
 *   for CDR acknowledgements and contracts);
 * - the door compares `x-signed-at` with the time the broker appended the message to the door's log (the topics use
 *   `message.timestamp.type=LogAppendTime`): a message signed more than 5 minutes before it was appended, or more
 *   than 30 seconds after (the partner's clock is ahead), is refused (both bounds are the hub's configuration,
 *   PARTNER_MESSAGE_MAX_AGE_SECONDS and PARTNER_MESSAGE_CLOCK_SKEW_SECONDS). Produce a message within minutes of
 *   signing it; a backlog the hub consumes late is not refused, since the append time is what counts. So a copy of a
 *   signed message that someone produces again later (for instance one refused while the partner was suspended, read
 *   from the door's `.dlq`) is refused, not applied under its still unused message id. The marketplace operator can
 *   still replay a parked message on purpose (dead-letter replay): the hub records that replay itself.
 *
 * A message that fails is written nowhere and parked on `<topic>.dlq`, its `error` header starting with a stable code:
 * `UNAUTHENTICATED` (no or unknown key id, no message id, a `.` in the message id, type or correlation id, an empty
 * type or correlation id header, no or malformed `x-signed-at`, revoked key, wrong or other-scheme signature (v1 and
 * v2 included), a key issued before signing keys existed, a signing time too far from the append time),
 * `PARTNER_SUSPENDED`, `ROLE_REQUIRED`, `PARTY_NOT_OWNED` (the message key is not one of the partner's party ids). The
 * REST doors apply the same key, role and party rules. libs/platform exports `signPartnerMessage` /
 * `signedPartnerMessage`, which do all of this.
 *
 * Example (API key `rch_x`, its key id `k-1`), checked with two Ed25519 implementations (Node's and Python's
 * `cryptography`) and pinned in libs/platform's partner-message-signature.spec.ts:
 * - seed = SHA-256("roaming-hub/kafka-signing/v2\nrch_x")
 *   = `94a9366a0f133b9c7da1c5f35e9a04706b9cb2a9fa2498af5d14bbb01afc77c9` (hex);
 * - its public key (what the registry publishes) = `psXMuCJt27JyiFVtmpU5STEjLGvL2QChmwhf-M7z9vo`;
 * - for topic `b2b.cdrs.inbound.v1`, message id `m-1`, no type header, correlation id `c-1`, signed at
 *   `2026-01-15T09:30:00.000Z`, key `DEABC` and value `{"cdrId":"C1"}` the signed bytes are
 *   `b2b.cdrs.inbound.v1.m-1..c-1.2026-01-15T09:30:00.000Z.DEABC.{"cdrId":"C1"}` and the headers `x-api-key-id: k-1`,
 *   `x-signed-at: 2026-01-15T09:30:00.000Z`,
 *   `x-signature: v3=i_vdS4H1FrDKvlh2dL96LLhrWw5ss1VNOyJFYbJda1VU5dtUosue0QIWAA_tBAHxwoMpLp4CjvLRgJGdjPc1AA`.
 */
export const PARTNER_MESSAGE_HEADERS = {
  keyId: 'x-api-key-id',
  signedAt: 'x-signed-at',
  signature: 'x-signature',
} as const;

/**
 * The version prefix of `x-signature` (`v3=<base64url Ed25519>`). The one scheme accepted, and v1 and v2 headers are
 * refused: v1 (an HMAC keyed by the key's SHA-256, which the hub publishes) and v2 (Ed25519 without the signing time
 * and the correlation id, so a copy could be replayed at any later time) were dropped before production.
 */
export const PARTNER_SIGNATURE_SCHEME = 'v3';

/** What the partner's Ed25519 seed is derived with: SHA-256 over these UTF-8 bytes followed by the API key. */
export const PARTNER_SIGNING_KEY_LABEL = 'roaming-hub/kafka-signing/v2\n';

/** The stable codes a refused partner message's dead letter carries at the start of its `error` header. */
export const PARTNER_MESSAGE_REFUSALS = [
  'UNAUTHENTICATED',
  'PARTNER_SUSPENDED',
  'ROLE_REQUIRED',
  'PARTY_NOT_OWNED',
] as const;
export type PartnerMessageRefusalCode = (typeof PARTNER_MESSAGE_REFUSALS)[number];
