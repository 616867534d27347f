/**
 * How a partner produces on a B2B Kafka door (`b2b.<kind>.inbound.v1`). Every message carries:
 *
 * | header          | value                                                                                   |
 * |-----------------|-----------------------------------------------------------------------------------------|
 * | `message-id`    | a fresh UUID per message, never reused (the door de-duplicates on it: a re-sent message |
 * |                 | with the same id changes nothing)                                                       |
 * | `x-api-key-id`  | the `keyId` the operator returned with the partner's API key                            |
 * | `x-signature`   | `v1=` + hex HMAC-SHA256 of `<topic>.<message-id>.<key>.<value>`                         |
 *
 * - the HMAC key is sha256(API key) as lower-case hex text (64 characters): the partner never sends its API key on
 *   Kafka, where every message is stored; the hub checks with the hash it already keeps for the key;
 * - `<topic>` is the door's topic as named here (e.g. `b2b.cdrs.inbound.v1`), `<message-id>` the header above,
 *   `<key>` the Kafka message key (the partner's party id, e.g. `DEABC`), `<value>` the body bytes exactly as sent
 *   (UTF-8 JSON), joined with `.`;
 * - the key must be a party id of the partner whose key signed, and the partner must hold the door's role (`cpo` for
 *   CDRs, authorization requests and session reports, EVSE status, station-command answers and grid responses; `emsp`
 *   for CDR acknowledgements and contracts).
 *
 * A message that fails is written nowhere and parked on `<topic>.dlq`, its `error` header starting with a stable code:
 * `UNAUTHENTICATED` (no or unknown key id, revoked key, wrong signature), `PARTNER_SUSPENDED`, `ROLE_REQUIRED`,
 * `PARTY_NOT_OWNED` (the message key is not one of the partner's party ids). The REST doors apply the same rules.
 * libs/platform exports `signPartnerMessage` / `signedPartnerMessage`, which do all of this.
 *
 * Example (API key `rch_x`, its key id `k-1`): for topic `b2b.cdrs.inbound.v1`, message id `m-1`, key `DEABC` and
 * value `{"cdrId":"C1"}`, sign `b2b.cdrs.inbound.v1.m-1.DEABC.{"cdrId":"C1"}` with HMAC-SHA256 under the 64
 * characters of sha256("rch_x") in hex, and send `x-api-key-id: k-1`, `x-signature: v1=<the 64 hex digits>`.
 */
export const PARTNER_MESSAGE_HEADERS = {
  keyId: 'x-api-key-id',
  signature: 'x-signature',
} as const;

/** The version prefix of `x-signature` (`v1=<hex>`); a new scheme would get a new prefix, accepted side by side. */
export const PARTNER_SIGNATURE_SCHEME = 'v1';

/** The stable codes a refused partner message's dead letter carries at the start of its `error` header. */
export const PARTNER_MESSAGE_REFUSALS = [
  'UNAUTHENTICATED',
  'PARTNER_SUSPENDED',
  'ROLE_REQUIRED',
  'PARTY_NOT_OWNED',
] as const;
export type PartnerMessageRefusalCode = (typeof PARTNER_MESSAGE_REFUSALS)[number];
