import type { SqlExecutor } from '@roaming/event-store';
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
  PARTNER_SIGNED_AT_HEADER,
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
    // When the partner signed and when the broker appended the message (by default both now).
    { signedAt, appendedAt = new Date() }: { signedAt?: Date; appendedAt?: Date } = {},
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
          { topic: TOPIC, messageId, type, key, rawValue, signedAt: signedAt ?? appendedAt },
        ),
      },
      appendedAt,
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
    const signedAt = new Date().toISOString();
    const bytes = partnerMessageSigningInput({
      topic: TOPIC,
      messageId: 'm.1',
      type: 'T',
      signedAt,
      key: 'DEABC',
      rawValue,
    });
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
        [PARTNER_SIGNED_AT_HEADER]: signedAt,
        [PARTNER_SIGNATURE_HEADER]: `v3=${signature.toString('base64url')}`,
      },
      appendedAt: new Date(),
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
    // Sanity: the hand-made signature itself is good, so the refusals above are for the '.' alone.
    const bytesOk = partnerMessageSigningInput({
      topic: TOPIC,
      messageId: 'm',
      type: 'T',
      signedAt,
      key: 'DEABC',
      rawValue,
    });
    const ok = sign(null, Buffer.from(bytesOk, 'utf8'), partnerSigningKeyPair(key.key).privateKey);
    const good = message('m', 'T');
    good.headers[PARTNER_SIGNATURE_HEADER] = `v3=${ok.toString('base64url')}`;
    await expect(authenticator.authenticate(good, { roles: ['cpo'] })).resolves.toMatchObject({ partyId: 'DEABC' });
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

  it('refuses a signing time of the right form that names no instant (month 13, hour 25, second 60): UNAUTHENTICATED, never a throw that fails the batch', async () => {
    const key = issue();
    const good = signed(key, { i: 0 }, 'DEABC', 'm-0');
    const impossible = [
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T25:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-02-30T00:00:00.000Z',
    ];
    const forged = impossible.map((at, i) => ({
      ...good,
      headers: { ...good.headers, 'message-id': `m-x${i}`, [PARTNER_SIGNED_AT_HEADER]: at },
    }));
    for (const message of forged) expect(await refusal(message)).toBe('UNAUTHENTICATED');
    const results = await authenticator.batch({ roles: ['cpo'] }).authenticateAll([good, ...forged]);
    expect(results.map((r) => (r instanceof PartnerMessageRefusedError ? r.code : r.partyId))).toEqual([
      'DEABC',
      ...forged.map(() => 'UNAUTHENTICATED'),
    ]);
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

  describe("the signing time against the broker's append time (a copy produced again later is refused)", () => {
    const MINUTE = 60_000;
    const appendedAt = new Date('2026-11-22T08:00:00.000Z');
    const signedBefore = (ms: number) => ({ signedAt: new Date(appendedAt.getTime() - ms), appendedAt });
    const reasonOf = async (message: InboundMessage, tx?: SqlExecutor): Promise<string> => {
      const error = await authenticator.authenticate(message, { roles: ['cpo'], tx }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!(error instanceof PartnerMessageRefusedError)) throw new Error(`expected a refusal, got ${String(error)}`);
      return error.reason;
    };

    it('accepts a message appended up to 5 minutes after it was signed, or up to 30 s before (clock skew)', async () => {
      const key = issue();
      for (const at of [signedBefore(0), signedBefore(5 * MINUTE), signedBefore(-30_000)]) {
        await expect(
          authenticator.authenticate(signed(key, {}, 'DEABC', 'm-1', undefined, at), { roles: ['cpo'] }),
        ).resolves.toMatchObject({ partyId: 'DEABC' });
      }
    });

    it('refuses one signed more than 5 minutes before it was appended: a copy produced again (UNAUTHENTICATED)', async () => {
      const message = signed(issue(), {}, 'DEABC', 'm-1', undefined, signedBefore(5 * MINUTE + 1));
      expect(await reasonOf(message)).toMatch(
        /^UNAUTHENTICATED: signed at 2026-11-22T07:54:59\.999Z, more than 300 s before the broker appended it at 2026-11-22T08:00:00\.000Z/,
      );
    });

    it('refuses a stale copy of a message of a suspended partner as too old, before telling it is suspended', async () => {
      const message = signed(
        issue(['cpo'], ['DEABC'], 'suspended'),
        {},
        'DEABC',
        'm-1',
        undefined,
        signedBefore(MINUTE),
      );
      expect(await refusal(message)).toBe('PARTNER_SUSPENDED');
      expect(await reasonOf({ ...message, appendedAt: new Date(appendedAt.getTime() + 5 * MINUTE) })).toMatch(
        /^UNAUTHENTICATED: signed at .* more than 300 s before/,
      );
    });

    it("refuses one signed more than 30 s after it was appended: the producer's clock is ahead (UNAUTHENTICATED)", async () => {
      const message = signed(issue(), {}, 'DEABC', 'm-1', undefined, signedBefore(-30_001));
      expect(await reasonOf(message)).toMatch(/^UNAUTHENTICATED: signed at .*, more than 30 s after .*clock is ahead/);
    });

    it('applies the configured bounds', async () => {
      const strict = new PartnerMessageAuthenticator(directory, {
        partnerMessageFreshness: { maxAgeMs: 0, clockSkewMs: 1_000 },
      } as never);
      const key = issue();
      const at = (ms: number) => signed(key, {}, 'DEABC', 'm-1', undefined, signedBefore(ms));
      await expect(strict.authenticate(at(0), { roles: ['cpo'] })).resolves.toMatchObject({ partyId: 'DEABC' });
      await expect(strict.authenticate(at(-1_000), { roles: ['cpo'] })).resolves.toMatchObject({ partyId: 'DEABC' });
      await expect(strict.authenticate(at(1), { roles: ['cpo'] })).rejects.toThrow(/more than 0 s before/);
      await expect(strict.authenticate(at(-1_001), { roles: ['cpo'] })).rejects.toThrow(/more than 1 s after/);
    });

    it('refuses a missing, malformed or changed x-signed-at (UNAUTHENTICATED), and a topic without append times', async () => {
      const message = signed(issue());
      const withSignedAt = (value: string | undefined) => {
        const { [PARTNER_SIGNED_AT_HEADER]: _at, ...headers } = message.headers;
        return {
          ...message,
          headers: value === undefined ? headers : { ...headers, [PARTNER_SIGNED_AT_HEADER]: value },
        };
      };
      const signedAt = message.headers[PARTNER_SIGNED_AT_HEADER];
      expect(signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      for (const value of [
        undefined,
        '',
        signedAt.replace('Z', '+00:00'),
        signedAt.slice(0, 19) + 'Z',
        signedAt.replace(/\.\d{3}Z$/, '.1234Z'),
        '2026-02-30T10:00:00.000Z',
        String(Date.parse(signedAt)),
        // A signing time other than the signed one: the signature covers it.
        new Date(Date.parse(signedAt) - 1).toISOString(),
      ]) {
        expect([value, await refusal(withSignedAt(value))]).toEqual([value, 'UNAUTHENTICATED']);
      }
      expect(await reasonOf({ ...message, appendedAt: undefined })).toMatch(
        /^UNAUTHENTICATED: the door's topic does not stamp the time the broker appended the message/,
      );
    });

    it('accepts an old message the operator replayed, appended within the window after the replay', async () => {
      const key = issue();
      const message = signed(key, {}, 'DEABC', 'm-1', undefined, signedBefore(60 * MINUTE));
      const replayedAt = (at: Date | undefined) => {
        const queries: unknown[][] = [];
        const tx: SqlExecutor = {
          query: async <Row>(_sql: string, params?: unknown[]) => {
            queries.push(params ?? []);
            const rows = at ? [{ topic: TOPIC, message_id: 'm-1', replayed_at: at }] : [];
            return { rows: rows as Row[], rowCount: rows.length } as never;
          },
        };
        return { tx, queries };
      };
      const fresh = replayedAt(new Date(appendedAt.getTime() - 1_000));
      await expect(authenticator.authenticate(message, { roles: ['cpo'], tx: fresh.tx })).resolves.toMatchObject({
        partyId: 'DEABC',
      });
      expect(fresh.queries).toEqual([[[TOPIC], ['m-1']]]);
      // The same copy appended again long after the replay is too old again.
      const later = { ...message, appendedAt: new Date(appendedAt.getTime() + 6 * MINUTE) };
      expect(await reasonOf(later, replayedAt(new Date(appendedAt.getTime() - 1_000)).tx)).toMatch(/more than 300 s/);
      // No replay recorded, or no transaction to read it in: refused.
      expect(await reasonOf(message, replayedAt(undefined).tx)).toMatch(/more than 300 s/);
      expect(await reasonOf(message)).toMatch(/more than 300 s/);
      // A batch reads the replays of its too-old messages once.
      const batchRead = replayedAt(new Date(appendedAt.getTime() - 1_000));
      const results = await authenticator
        .batch({ roles: ['cpo'], tx: batchRead.tx })
        .authenticateAll([message, message, signed(key, {}, 'DEABC', 'm-2', undefined, signedBefore(0))]);
      expect(results.map((r) => (r instanceof PartnerMessageRefusedError ? r.code : r.partyId))).toEqual([
        'DEABC',
        'DEABC',
        'DEABC',
      ]);
      expect(batchRead.queries).toEqual([[[TOPIC], ['m-1']]]);
    });
  });

  it('signs the correlation-id header: a changed, added or removed one, a "." or an empty one is refused', async () => {
    const key = issue();
    const rawValue = '{}';
    const headers = (correlationId?: string) => ({
      'message-id': 'm-1',
      ...(correlationId === undefined ? {} : { 'correlation-id': correlationId }),
      ...signPartnerMessage(
        { apiKey: key.key, keyId: key.keyId },
        { topic: TOPIC, messageId: 'm-1', correlationId, key: 'DEABC', rawValue },
      ),
    });
    const message = (h: Record<string, string>): InboundMessage => ({
      topic: TOPIC,
      partition: 0,
      offset: '0',
      key: 'DEABC',
      rawValue,
      headers: h,
      appendedAt: new Date(),
    });
    const correlated = headers('corr-1');
    await expect(authenticator.authenticate(message(correlated), { roles: ['cpo'] })).resolves.toBeDefined();
    expect(await refusal(message({ ...correlated, 'correlation-id': 'attacker-chosen' }))).toBe('UNAUTHENTICATED');
    const { 'correlation-id': _c, ...uncorrelated } = correlated;
    expect(await refusal(message(uncorrelated))).toBe('UNAUTHENTICATED');
    expect(await refusal(message({ ...headers(), 'correlation-id': 'corr-1' }))).toBe('UNAUTHENTICATED');
    expect(await refusal(message({ ...headers(), 'correlation-id': '' }))).toBe('UNAUTHENTICATED');
    expect(() => headers('c.1')).toThrow(/without "\."/);
  });
});
