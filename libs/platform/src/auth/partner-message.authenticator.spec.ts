import type { InboundMessage } from '@roaming/messaging';
import { createHmac, sign } from 'crypto';
import { generateApiKey, type GeneratedApiKey } from './api-key';
import { CredentialDirectory, type SigningCredential } from './credential-directory';
import {
  PartnerMessageAuthenticator,
  PartnerMessageRefusedError,
  type PartnerMessageRefusalCode,
} from './partner-message.authenticator';
import {
  PARTNER_KEY_ID_HEADER,
  PARTNER_SIGNATURE_HEADER,
  partnerMessageSigningInput,
  signPartnerMessage,
} from './partner-message-signature';
import { partnerSigningKeyPair } from './partner-signing-key';
import type { CredentialStatus, Role } from './principal';

class MapCredentialDirectory extends CredentialDirectory {
  readonly byId = new Map<string, SigningCredential>();
  lookups = 0;
  async findByKeyHash(): Promise<undefined> {
    return undefined;
  }
  batchLookups: string[][] = [];
  override async findByKeyId(keyId: string): Promise<SigningCredential | undefined> {
    this.lookups++;
    return this.byId.get(keyId);
  }
  override async findByKeyIds(keyIds: readonly string[]): Promise<Map<string, SigningCredential>> {
    this.batchLookups.push([...keyIds]);
    return new Map(keyIds.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : [])));
  }
}

const TOPIC = 'b2b.cdrs.inbound.v1';

describe('signed partner messages on the Kafka doors', () => {
  let directory: MapCredentialDirectory;
  let authenticator: PartnerMessageAuthenticator;

  beforeEach(() => {
    directory = new MapCredentialDirectory();
    authenticator = new PartnerMessageAuthenticator(directory);
  });

  const issue = (
    roles: Role[] = ['cpo'],
    partyIds: string[] = ['DEABC', 'DEXYZ'],
    status: CredentialStatus = 'active',
    signingPublicKey?: string | null,
  ): GeneratedApiKey => {
    const key = generateApiKey();
    directory.byId.set(key.keyId, {
      keyId: key.keyId,
      signingPublicKey: signingPublicKey === undefined ? key.signingPublicKey : signingPublicKey,
      partnerId: 'cpo-1',
      partyIds,
      roles,
      status,
    });
    return key;
  };

  const signed = (
    signer: GeneratedApiKey,
    body: unknown = { cdrId: 'CDR-1' },
    key: string | null = 'DEABC',
    messageId = 'm-1',
    type?: string,
  ): InboundMessage => {
    const rawValue = JSON.stringify(body);
    return {
      topic: TOPIC,
      partition: 0,
      offset: '0',
      key,
      rawValue,
      headers: {
        'message-id': messageId,
        ...(type === undefined ? {} : { type }),
        ...signPartnerMessage(
          { apiKey: signer.key, keyId: signer.keyId },
          { topic: TOPIC, messageId, type, key, rawValue },
        ),
      },
    };
  };

  const refusal = async (message: InboundMessage, roles: Role[] = ['cpo']): Promise<PartnerMessageRefusalCode> => {
    const error = await authenticator.authenticate(message, { roles }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof PartnerMessageRefusedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    expect(error.reason.startsWith(`${error.code}: `)).toBe(true);
    return error.code;
  };

  it('accepts a good signature and names the partner and the (normalized) party of the key', async () => {
    const key = issue();
    const sender = await authenticator.authenticate(signed(key, { cdrId: 'CDR-1' }, 'DE*ABC'), { roles: ['cpo'] });
    expect(sender).toEqual({
      partyId: 'DEABC',
      principal: { partnerId: 'cpo-1', partyIds: ['DEABC', 'DEXYZ'], roles: ['cpo'], keyId: key.keyId },
    });
  });

  it('accepts a signed type header and refuses a changed, added or removed one (UNAUTHENTICATED)', async () => {
    const key = issue();
    const typed = signed(key, {}, 'DEABC', 'm-1', 'StartSessionResult');
    await expect(authenticator.authenticate(typed, { roles: ['cpo'] })).resolves.toMatchObject({ partyId: 'DEABC' });
    expect(await refusal({ ...typed, headers: { ...typed.headers, type: 'StopSessionResult' } })).toBe(
      'UNAUTHENTICATED',
    );
    const { type: _type, ...untyped } = typed.headers;
    expect(await refusal({ ...typed, headers: untyped })).toBe('UNAUTHENTICATED');
    const plain = signed(key);
    expect(await refusal({ ...plain, headers: { ...plain.headers, type: 'StartSessionResult' } })).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses a tampered body (UNAUTHENTICATED)', async () => {
    const message = signed(issue());
    expect(await refusal({ ...message, rawValue: JSON.stringify({ cdrId: 'CDR-2' }) })).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered key: a signed message re-keyed to another party (UNAUTHENTICATED)', async () => {
    const message = signed(issue());
    expect(await refusal({ ...message, key: 'DEXYZ' })).toBe('UNAUTHENTICATED');
  });

  it('refuses a message replayed under another message id or on another door (UNAUTHENTICATED)', async () => {
    const message = signed(issue());
    expect(await refusal({ ...message, headers: { ...message.headers, 'message-id': 'm-2' } })).toBe('UNAUTHENTICATED');
    expect(await refusal({ ...message, topic: 'b2b.evse-status.inbound.v1' })).toBe('UNAUTHENTICATED');
  });

  it('refuses a "." in the message id or type: a copy re-split into another id would carry a valid signature (UNAUTHENTICATED)', async () => {
    const key = issue();
    // Signed as a producer that does not use signPartnerMessage might: id `m.1`, type `T` ...
    const rawValue = '{}';
    const bytes = partnerMessageSigningInput({ topic: TOPIC, messageId: 'm.1', type: 'T', key: 'DEABC', rawValue });
    const signature = sign(null, Buffer.from(bytes, 'utf8'), partnerSigningKeyPair(key.key).privateKey);
    const message = (messageId: string, type: string): InboundMessage => ({
      topic: TOPIC,
      partition: 0,
      offset: '0',
      key: 'DEABC',
      rawValue,
      headers: {
        'message-id': messageId,
        type,
        [PARTNER_KEY_ID_HEADER]: key.keyId,
        [PARTNER_SIGNATURE_HEADER]: `v2=${signature.toString('base64url')}`,
      },
    });
    expect(await refusal(message('m.1', 'T'))).toBe('UNAUTHENTICATED');
    // ... is the same bytes as id `m`, type `1.T`: a copy under a message id the door has not seen.
    expect(await refusal(message('m', '1.T'))).toBe('UNAUTHENTICATED');
    expect(() =>
      signPartnerMessage(
        { apiKey: key.key, keyId: key.keyId },
        { topic: TOPIC, messageId: 'm.1', key: 'DEABC', rawValue },
      ),
    ).toThrow(/without "\."/);
    // An empty type header signs like none: refused, so that no door reads '' where the body has the type.
    const plain = signed(key);
    expect(await refusal({ ...plain, headers: { ...plain.headers, type: '' } })).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown or missing key id, a signature by another key, and no signature (UNAUTHENTICATED)', async () => {
    const mine = issue();
    const other = issue();
    const message = signed(mine);
    expect(await refusal({ ...message, headers: { ...message.headers, [PARTNER_KEY_ID_HEADER]: 'unknown' } })).toBe(
      'UNAUTHENTICATED',
    );
    expect(await refusal({ ...message, headers: { ...message.headers, [PARTNER_KEY_ID_HEADER]: other.keyId } })).toBe(
      'UNAUTHENTICATED',
    );
    const { [PARTNER_SIGNATURE_HEADER]: _signature, ...unsigned } = message.headers;
    expect(await refusal({ ...message, headers: unsigned })).toBe('UNAUTHENTICATED');
    expect(await refusal({ ...message, headers: { 'message-id': 'm-1' } })).toBe('UNAUTHENTICATED');
    // A forger with the published key hash signs the dropped v1 way, or derives a key pair from the hash.
    const v1 = createHmac('sha256', mine.keyHash).update(`${TOPIC}.m-1.DEABC.${message.rawValue}`).digest('hex');
    expect(await refusal({ ...message, headers: { ...message.headers, [PARTNER_SIGNATURE_HEADER]: `v1=${v1}` } })).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      await refusal({
        ...message,
        headers: {
          ...message.headers,
          ...signPartnerMessage(
            { apiKey: mine.keyHash, keyId: mine.keyId },
            { topic: TOPIC, messageId: 'm-1', key: 'DEABC', rawValue: message.rawValue },
          ),
        },
      }),
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses a key issued before the registry recorded signing keys (no public key: UNAUTHENTICATED)', async () => {
    expect(await refusal(signed(issue(['cpo'], ['DEABC'], 'active', null)))).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked key like an unknown one (UNAUTHENTICATED)', async () => {
    expect(await refusal(signed(issue(['cpo'], ['DEABC'], 'revoked')))).toBe('UNAUTHENTICATED');
  });

  it('refuses a suspended partner (PARTNER_SUSPENDED)', async () => {
    expect(await refusal(signed(issue(['cpo'], ['DEABC'], 'suspended')))).toBe('PARTNER_SUSPENDED');
  });

  it('refuses a partner without the role of the door (ROLE_REQUIRED)', async () => {
    const emsp = issue(['emsp']);
    expect(await refusal(signed(emsp), ['cpo'])).toBe('ROLE_REQUIRED');
    await expect(authenticator.authenticate(signed(emsp), { roles: ['cpo', 'emsp'] })).resolves.toMatchObject({
      partyId: 'DEABC',
    });
  });

  it('refuses a key that is not one of the partner’s party ids, or no key (PARTY_NOT_OWNED)', async () => {
    const key = issue(['cpo'], ['DEABC']);
    expect(await refusal(signed(key, {}, 'DEOTH'))).toBe('PARTY_NOT_OWNED');
    expect(await refusal(signed(key, {}, 'not a party'))).toBe('PARTY_NOT_OWNED');
    expect(await refusal(signed(key, {}, null))).toBe('PARTY_NOT_OWNED');
  });

  it('authenticates a whole batch at once (signatures checked off the event loop), refusals in place', async () => {
    const a = issue();
    const emsp = issue(['emsp']);
    const good = signed(a, { i: 0 }, 'DEABC', 'm-0');
    const typed = signed(a, { i: 1 }, 'DEXYZ', 'm-1', 'CdrPushed');
    const tampered = { ...signed(a, { i: 2 }, 'DEABC', 'm-2'), rawValue: '{"i":3}' };
    const v1 = { ...good, headers: { ...good.headers, [PARTNER_SIGNATURE_HEADER]: `v1=${'0'.repeat(64)}` } };
    const results = await authenticator
      .batch({ roles: ['cpo'] })
      .authenticateAll([good, typed, tampered, signed(emsp, {}, 'DEABC', 'm-4'), v1, signed(a, {}, 'DEOTH', 'm-6')]);
    expect(results.map((r) => (r instanceof PartnerMessageRefusedError ? r.code : r.partyId))).toEqual([
      'DEABC',
      'DEXYZ',
      'UNAUTHENTICATED',
      'ROLE_REQUIRED',
      'UNAUTHENTICATED',
      'PARTY_NOT_OWNED',
    ]);
    // One read for the batch's two key ids.
    expect(directory.batchLookups).toEqual([[a.keyId, emsp.keyId]]);
  });

  it('lets a directory failure of a batch through instead of calling it a refusal', async () => {
    const failing = new (class extends MapCredentialDirectory {
      override async findByKeyIds(): Promise<Map<string, SigningCredential>> {
        throw new Error('database gone');
      }
    })();
    const batch = new PartnerMessageAuthenticator(failing).batch({ roles: ['cpo'] });
    await expect(batch.authenticateAll([signed(issue())])).rejects.toThrow('database gone');
  });

  it('reads the directory once per distinct key id within a batch', async () => {
    const a = issue();
    const b = issue();
    const batch = authenticator.batch({ roles: ['cpo'] });
    for (const [i, key] of [a, a, b, a, b].entries()) await batch.authenticate(signed(key, { i }, 'DEABC', `m-${i}`));
    expect(directory.lookups).toBe(2);
  });

  it('reads the directory once for a whole batch, however many key ids it names (made-up ones too)', async () => {
    const a = issue();
    const made = Array.from({ length: 50 }, (_, i) => {
      const message = signed(a, { i }, 'DEABC', `x-${i}`);
      return { ...message, headers: { ...message.headers, [PARTNER_KEY_ID_HEADER]: `made-up-${i}` } };
    });
    const results = await authenticator
      .batch({ roles: ['cpo'] })
      .authenticateAll([signed(a, {}, 'DEABC', 'm-1'), ...made, signed(a, { n: 2 }, 'DEABC', 'm-2')]);
    expect(directory.batchLookups).toHaveLength(1);
    expect(directory.batchLookups[0]).toHaveLength(51);
    expect(directory.lookups).toBe(0);
    expect(results[0]).toMatchObject({ partyId: 'DEABC' });
    expect(
      results.slice(1, 51).every((r) => r instanceof PartnerMessageRefusedError && r.code === 'UNAUTHENTICATED'),
    ).toBe(true);
    expect(results[51]).toMatchObject({ partyId: 'DEABC' });
  });
});
