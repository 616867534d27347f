import { createHmac, sign } from 'crypto';
import { generateApiKey } from './api-key';
import {
  isPartnerMessageSignatureValid,
  PARTNER_KEY_ID_HEADER,
  PARTNER_SIGNATURE_HEADER,
  PartnerKeyring,
  partnerMessageSigningInput,
  signedPartnerMessage,
  signPartnerMessage,
  verifyPartnerMessageSignature,
} from './partner-message-signature';
import { partnerSigningKeyPair } from './partner-signing-key';

const TOPIC = 'b2b.cdrs.inbound.v1';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same final character with another value in its `unused` low bits: decodes to the same bytes. */
function otherSpellingOf(last: string, unused: number): string {
  return BASE64URL[BASE64URL.indexOf(last) ^ ((1 << unused) - 1)];
}

describe('the v3 signature of a partner message', () => {
  const message = {
    topic: TOPIC,
    messageId: 'm-1',
    type: null,
    correlationId: 'c-1',
    signedAt: '2026-01-15T09:30:00.000Z',
    key: 'DEABC',
    rawValue: '{"cdrId":"C1"}',
  };

  it('signs what libs/contracts tells partners to sign (partner-messages.ts example)', () => {
    expect(partnerMessageSigningInput(message)).toBe(
      'b2b.cdrs.inbound.v1.m-1..c-1.2026-01-15T09:30:00.000Z.DEABC.{"cdrId":"C1"}',
    );
    expect(partnerMessageSigningInput({ ...message, type: 'StartSessionResult', correlationId: undefined })).toBe(
      'b2b.cdrs.inbound.v1.m-1.StartSessionResult..2026-01-15T09:30:00.000Z.DEABC.{"cdrId":"C1"}',
    );
    // Ed25519 signatures are deterministic: the same bytes give the same signature in any implementation (this one
    // was also computed with Python's `cryptography`).
    expect(signPartnerMessage({ apiKey: 'rch_x', keyId: 'k-1' }, message)).toEqual({
      'x-api-key-id': 'k-1',
      'x-signed-at': '2026-01-15T09:30:00.000Z',
      'x-signature': 'v3=i_vdS4H1FrDKvlh2dL96LLhrWw5ss1VNOyJFYbJda1VU5dtUosue0QIWAA_tBAHxwoMpLp4CjvLRgJGdjPc1AA',
    });
  });

  it('signs now unless told when, in the one form x-signed-at has', () => {
    const before = Date.now();
    const { 'x-signed-at': signedAt } = signPartnerMessage(
      { apiKey: 'rch_x', keyId: 'k-1' },
      { ...message, signedAt: undefined },
    );
    expect(signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(signedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(signedAt)).toBeLessThanOrEqual(Date.now());
    const at = new Date('2026-01-15T09:30:00Z');
    expect(signPartnerMessage({ apiKey: 'rch_x', keyId: 'k-1' }, { ...message, signedAt: at })['x-signed-at']).toBe(
      '2026-01-15T09:30:00.000Z',
    );
    for (const signedAt of ['2026-01-15T09:30:00Z', '2026-01-15T09:30:00.000+00:00', '2026-01-15T09:30:00.0.0Z']) {
      expect(() => signPartnerMessage({ apiKey: 'rch_x', keyId: 'k-1' }, { ...message, signedAt })).toThrow(
        /YYYY-MM-DDTHH:MM:SS\.sssZ/,
      );
    }
  });

  it('verifies under the public key published with the key, and under no other', () => {
    const key = generateApiKey();
    const headers = signPartnerMessage({ apiKey: key.key, keyId: key.keyId }, message);
    expect(headers[PARTNER_KEY_ID_HEADER]).toBe(key.keyId);
    expect(headers[PARTNER_SIGNATURE_HEADER]).toMatch(/^v3=[A-Za-z0-9_-]{86}$/);
    const valid = (signature: string | undefined, signed = message, publicKey: string | null = key.signingPublicKey) =>
      isPartnerMessageSignatureValid(publicKey, signed, signature);
    expect(valid(headers[PARTNER_SIGNATURE_HEADER])).toBe(true);
    expect(valid(` ${headers[PARTNER_SIGNATURE_HEADER]} `)).toBe(true);
    expect(valid(headers[PARTNER_SIGNATURE_HEADER], message, generateApiKey().signingPublicKey)).toBe(false);
    expect(valid(headers[PARTNER_SIGNATURE_HEADER], message, null)).toBe(false);
    expect(valid(headers[PARTNER_SIGNATURE_HEADER], message, key.keyHash)).toBe(false);
    expect(valid(undefined)).toBe(false);
    expect(valid('v3=zz')).toBe(false);
    // The same signature under the dropped v2 name is refused: the scheme is part of what is checked.
    expect(valid(headers[PARTNER_SIGNATURE_HEADER].replace('v3=', 'v2='))).toBe(false);
    // The last of 86 characters carries 4 bits that decode to nothing: another spelling of the same bytes is refused.
    const signature = headers[PARTNER_SIGNATURE_HEADER];
    const respelled = signature.slice(0, -1) + otherSpellingOf(signature.slice(-1), 4);
    expect(Buffer.from(respelled.slice(3), 'base64url')).toEqual(Buffer.from(signature.slice(3), 'base64url'));
    expect(valid(respelled)).toBe(false);
  });

  it('answers the same on the thread pool as on the event loop', async () => {
    const key = generateApiKey();
    const signature = signPartnerMessage({ apiKey: key.key, keyId: key.keyId }, message)[PARTNER_SIGNATURE_HEADER];
    expect(await verifyPartnerMessageSignature(key.signingPublicKey, message, signature)).toBe(true);
    expect(await verifyPartnerMessageSignature(key.signingPublicKey, { ...message, key: 'DEXYZ' }, signature)).toBe(
      false,
    );
    expect(await verifyPartnerMessageSignature(null, message, signature)).toBe(false);
    expect(await verifyPartnerMessageSignature(key.signingPublicKey, message, 'v1=00')).toBe(false);
  });

  it.each([
    ['topic', { topic: 'b2b.cdr-acks.inbound.v1' }],
    ['message id', { messageId: 'm-2' }],
    ['type', { type: 'CdrAck' }],
    ['correlation id', { correlationId: 'c-2' }],
    ['signing time', { signedAt: '2026-01-15T09:30:00.001Z' }],
    ['key', { key: 'DEXYZ' }],
    ['value', { rawValue: '{"cdrId":"C2"}' }],
  ])('refuses a message whose %s changed after signing', (_field, change) => {
    const key = generateApiKey();
    const signature = signPartnerMessage({ apiKey: key.key, keyId: key.keyId }, message)[PARTNER_SIGNATURE_HEADER];
    expect(isPartnerMessageSignatureValid(key.signingPublicKey, { ...message, ...change }, signature)).toBe(false);
  });

  it('refuses the dropped v2 scheme: a signature without the signing time could be replayed at any time', () => {
    const key = generateApiKey();
    const v2Input = 'b2b.cdrs.inbound.v1.m-1..DEABC.{"cdrId":"C1"}';
    const v2 = sign(null, Buffer.from(v2Input, 'utf8'), partnerSigningKeyPair(key.key).privateKey);
    const header = `v2=${v2.toString('base64url')}`;
    expect(isPartnerMessageSignatureValid(key.signingPublicKey, message, header)).toBe(false);
    expect(isPartnerMessageSignatureValid(key.signingPublicKey, message, header.replace('v2=', 'v3='))).toBe(false);
  });

  it('refuses the dropped v1 scheme (HMAC under the published key hash): anyone holding keyHash could make it', () => {
    const key = generateApiKey();
    const v1 = createHmac('sha256', key.keyHash).update('b2b.cdrs.inbound.v1.m-1.DEABC.{"cdrId":"C1"}').digest('hex');
    expect(isPartnerMessageSignatureValid(key.signingPublicKey, message, `v1=${v1}`)).toBe(false);
  });

  it('signs the type and correlation-id headers a draft carries, so a door reading them can trust them', () => {
    const keyring = new PartnerKeyring();
    const { key, signingPublicKey } = keyring.issue();
    const signed = keyring.sign(key, {
      topic: TOPIC,
      key: 'DEABC',
      value: { a: 1 },
      headers: { type: 'CdrPushed', 'correlation-id': 'corr-1' },
    });
    const toVerify = {
      topic: TOPIC,
      messageId: signed.headers['message-id'],
      correlationId: 'corr-1',
      signedAt: signed.headers['x-signed-at'],
      key: 'DEABC',
      rawValue: signed.rawValue,
    };
    const signature = signed.headers[PARTNER_SIGNATURE_HEADER];
    expect(signed.headers.type).toBe('CdrPushed');
    expect(isPartnerMessageSignatureValid(signingPublicKey, { ...toVerify, type: 'CdrPushed' }, signature)).toBe(true);
    expect(isPartnerMessageSignatureValid(signingPublicKey, toVerify, signature)).toBe(false);
    const uncorrelated = { ...toVerify, type: 'CdrPushed', correlationId: undefined };
    expect(isPartnerMessageSignatureValid(signingPublicKey, uncorrelated, signature)).toBe(false);
    const untyped = signedPartnerMessage(
      { apiKey: key, keyId: keyring.keyIdOf(key) },
      { topic: TOPIC, key: 'DEABC', value: 1 },
    );
    expect(
      isPartnerMessageSignatureValid(
        signingPublicKey,
        {
          topic: TOPIC,
          messageId: untyped.headers['message-id'],
          signedAt: untyped.headers['x-signed-at'],
          key: 'DEABC',
          rawValue: '1',
        },
        untyped.headers[PARTNER_SIGNATURE_HEADER],
      ),
    ).toBe(true);
  });
});
