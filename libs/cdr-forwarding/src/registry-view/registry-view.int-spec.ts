import { type ContractRegistryMessageV1, TOPICS } from '@roaming/contracts';
import { PgDatabase, runMigrations } from '@roaming/event-store';
import { HEADER, type InboundMessage } from '@roaming/messaging';
import { hashApiKey, partnerSigningPublicKey, SqlCredentialDirectory } from '@roaming/platform';
import { createTestDatabase } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { cdrForwardingMigrations } from '../cdr-forwarding.migrations';
import { RegistryLookup } from './registry-lookup';
import { RegistryViewConsumer } from './registry-view.consumer';
import { CDR_SCHEMA } from './registry-view.migrations';

type RegistryData = { [M in ContractRegistryMessageV1 as M['type']]: M['data'] };

/**
 * The registry view on PostgreSQL 15: idempotent, tolerant and independent of the order in which the registry's
 * streams arrive. It answers the routing questions of GeM 982/1270 (partner known and active, agreement in force).
 */
describe('registry view of cdr-forwarding (GeM 982, 1270, 1291) on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let consumer: RegistryViewConsumer;
  let lookup: RegistryLookup;
  let credentials: SqlCredentialDirectory;

  beforeAll(async () => {
    database = await createTestDatabase('cdr_registry_view');
    db = new PgDatabase(database.url);
    await runMigrations(db, cdrForwardingMigrations);
    consumer = new RegistryViewConsumer(db);
    lookup = new RegistryLookup(db);
    credentials = new SqlCredentialDirectory(db, CDR_SCHEMA);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  async function deliver<T extends keyof RegistryData>(
    type: T,
    data: RegistryData[T],
    occurredAt: string,
  ): Promise<void> {
    const message: InboundMessage = {
      topic: TOPICS.contractRegistryEvents,
      partition: 0,
      offset: '0',
      key: null,
      rawValue: JSON.stringify({ type, schemaVersion: 1, occurredAt, data }),
      headers: { [HEADER.messageId]: randomUUID(), [HEADER.type]: type },
    };
    await db.transaction((tx) => consumer.handle(message, { tx }));
  }

  const T1 = '2026-01-01T00:00:00.000Z';
  const T2 = '2026-02-01T00:00:00.000Z';
  const T3 = '2026-03-01T00:00:00.000Z';

  it('knows an EVSP by any of its party ids once registered, and only in its role', async () => {
    await deliver(
      'PartnerRegistered',
      { partnerId: 'p-1', name: 'One', roles: ['emsp'], partyIds: ['DE*AA1', 'AT-AA1'] },
      T1,
    );
    expect(await lookup.providerStanding('DEAA1')).toBe('active');
    expect(await lookup.providerStanding('ATAA1')).toBe('active');
    expect(await lookup.cpoPartner('DEAA1')).toBeUndefined();
    expect(await lookup.providerStanding('DEAA9')).toBe('unknown');
  });

  it('keeps the newest partner status whatever the arrival order, also when it precedes the registration', async () => {
    await deliver('PartnerStatusChanged', { partnerId: 'p-2', status: 'suspended' }, T3);
    await deliver('PartnerStatusChanged', { partnerId: 'p-2', status: 'active' }, T2);
    await deliver(
      'PartnerRegistered',
      { partnerId: 'p-2', name: 'Two', roles: ['emsp', 'cpo'], partyIds: ['DEAA2'] },
      T1,
    );
    expect(await lookup.providerStanding('DEAA2')).toBe('suspended');
    expect(await lookup.cpoPartner('DEAA2')).toEqual({ partnerId: 'p-2', partyIds: ['DEAA2'], status: 'suspended' });
    await deliver('PartnerStatusChanged', { partnerId: 'p-2', status: 'deactivated' }, T3.replace('03-01', '03-02'));
    expect(await lookup.providerStanding('DEAA2')).toBe('deactivated');
  });

  it('finds the agreement in force at the session start, before and after a later termination, in any order', async () => {
    const active = { agreementId: 'a-1', cpoPartyId: 'DEAC1', emspPartyId: 'DEAA1', validFrom: T1, validUntil: null };
    // The termination overtakes the activation: the view still knows the agreement was once in force.
    await deliver('RoamingAgreementStatusChanged', { ...active, status: 'terminated', validUntil: T3 }, T3);
    await deliver('RoamingAgreementStatusChanged', { ...active, status: 'active' }, T1);
    expect(await lookup.agreementInForce('DEAC1', 'DEAA1', '2026-02-15T10:00:00.000Z')).toBe('a-1');
    expect(await lookup.agreementInForce('DEAC1', 'DEAA1', T3)).toBeNull();
    expect(await lookup.agreementInForce('DEAC1', 'DEAA1', '2025-12-31T23:59:59.000Z')).toBeNull();
    expect(await lookup.agreementInForce('DEAA1', 'DEAC1', '2026-02-15T10:00:00.000Z')).toBeNull();
  });

  it('does not route under an agreement that was only offered, or suspended before the session', async () => {
    const base = { cpoPartyId: 'DEAC2', emspPartyId: 'DEAA1', validFrom: T1, validUntil: null };
    await deliver('RoamingAgreementStatusChanged', { ...base, agreementId: 'a-2', status: 'offered' }, T1);
    expect(await lookup.agreementInForce('DEAC2', 'DEAA1', T2)).toBeNull();
    await deliver('RoamingAgreementStatusChanged', { ...base, agreementId: 'a-3', status: 'active' }, T1);
    await deliver('RoamingAgreementStatusChanged', { ...base, agreementId: 'a-3', status: 'suspended' }, T2);
    expect(await lookup.agreementInForce('DEAC2', 'DEAA1', '2026-01-15T00:00:00.000Z')).toBe('a-3');
    expect(await lookup.agreementInForce('DEAC2', 'DEAA1', '2026-02-15T00:00:00.000Z')).toBeNull();
  });

  it('copies credentials for authentication; a revocation arriving first still wins, suspension follows the partner', async () => {
    const issued = (keyId: string, key: string) =>
      deliver(
        'PartnerCredentialIssued',
        {
          partnerId: 'p-3',
          keyId,
          keyHash: hashApiKey(key),
          signingPublicKey: partnerSigningPublicKey(key),
          roles: ['cpo'],
          partyIds: ['DEAC3'],
        },
        T1,
      );
    await deliver('PartnerCredentialRevoked', { partnerId: 'p-3', keyId: 'k-early' }, T2);
    await issued('k-early', 'key-revoked-before-issue');
    expect(await credentials.findByKeyHash(hashApiKey('key-revoked-before-issue'))).toMatchObject({
      status: 'revoked',
    });

    await issued('k-good', 'key-good');
    expect(await credentials.findByKeyHash(hashApiKey('key-good'))).toMatchObject({
      status: 'active',
      partyIds: ['DEAC3'],
      roles: ['cpo'],
    });
    // The public key that verifies its signed Kafka messages comes along; a key issued before signing keys has none.
    expect((await credentials.findByKeyId('k-good'))?.signingPublicKey).toBe(partnerSigningPublicKey('key-good'));
    await deliver(
      'PartnerCredentialIssued',
      { partnerId: 'p-3', keyId: 'k-old', keyHash: hashApiKey('key-old'), roles: ['cpo'], partyIds: ['DEAC3'] },
      T1,
    );
    expect(await credentials.findByKeyId('k-old')).toMatchObject({ status: 'active', signingPublicKey: null });
    await deliver('PartnerStatusChanged', { partnerId: 'p-3', status: 'deactivated' }, T3);
    expect(await credentials.findByKeyHash(hashApiKey('key-good'))).toMatchObject({ status: 'suspended' });
  });

  it('ignores message types and status values it does not know (tolerant reader)', async () => {
    await deliver(
      'TokenStatusChanged',
      {
        emaid: 'DE8AA0012345670',
        emspPartyId: 'DEAA1',
        tokenUid: '04A2B3C4',
        tokenType: 'RFID',
        status: 'active',
        validUntil: null,
      },
      T1,
    );
    const future = { partnerId: 'p-1', status: 'on-probation' } as unknown as RegistryData['PartnerStatusChanged'];
    await deliver('PartnerStatusChanged', future, T3);
    expect(await lookup.providerStanding('DEAA1')).toBe('active');
  });

  it('throws (so the consumer dead-letters) when a field it needs is missing or malformed', async () => {
    const broken = { partnerId: 'p-9', name: 'Nine', roles: ['emsp'] } as unknown as RegistryData['PartnerRegistered'];
    await expect(deliver('PartnerRegistered', broken, T1)).rejects.toThrow('data.partyIds must be an array of strings');
    const badParty: RegistryData['PartnerRegistered'] = {
      partnerId: 'p-9',
      name: 'Nine',
      roles: ['emsp'],
      partyIds: ['nope'],
    };
    await expect(deliver('PartnerRegistered', badParty, T1)).rejects.toThrow('invalid party id');
    await expect(deliver('PartnerStatusChanged', { partnerId: 'p-9', status: 'active' }, 'yesterday')).rejects.toThrow(
      'occurredAt is not an ISO 8601 date-time',
    );
  });
});
