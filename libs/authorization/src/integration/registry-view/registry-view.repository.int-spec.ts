import { PgDatabase, runMigrations } from '@roaming/event-store';
import { createTestDatabase } from '@roaming/testing';
import { authorizationMigrations } from '../../authorization.migrations';
import type { RegistryViewChange } from './registry-view.changes';
import { RegistryViewRepository } from './registry-view.repository';

/** The view's SQL on a real PostgreSQL server (the e2e specs run it on PGlite). */
describe('registry view on PostgreSQL (GeM 983 white list in the hub; IEC 63119-2 UC4-2)', () => {
  let drop: () => Promise<void>;
  let db: PgDatabase;
  let view: RegistryViewRepository;

  beforeAll(async () => {
    const created = await createTestDatabase('authz_registry_view');
    drop = created.drop;
    db = new PgDatabase(created.url);
    await runMigrations(db, authorizationMigrations);
    view = new RegistryViewRepository(db);
  });

  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const apply = (...changes: RegistryViewChange[]) =>
    db.transaction(async (tx) => {
      for (const change of changes) await view.apply(tx, change);
    });

  it('answers token, agreement and provider lookups, whatever order the facts arrived in', async () => {
    expect(await view.providerStatus('DE8AA')).toBe('unknown');
    await apply(
      {
        kind: 'tokenChanged',
        tokenType: 'RFID',
        tokenUid: '04A2B3C4',
        emaid: 'DE8AACA2B3C4D5L',
        emspPartyId: 'DE8AA',
        status: 'active',
        validUntil: '2027-01-01T00:00:00.000Z',
      },
      {
        kind: 'agreementChanged',
        agreementId: 'ag-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
      },
      // The status reaches this context before the registration: it must survive it.
      { kind: 'partnerStatusChanged', partnerId: 'emsp-1', status: 'suspended' },
      { kind: 'partnerRegistered', partnerId: 'emsp-1', partyIds: ['DE8AA'], roles: ['emsp'] },
    );

    expect(await view.findToken('RFID', '04:a2:b3:c4')).toEqual({
      tokenType: 'RFID',
      tokenUid: '04A2B3C4',
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      status: 'active',
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    expect(await view.findToken('APP', '04A2B3C4')).toBeNull();
    expect(await view.findAgreements('DEABC', 'DE8AA')).toEqual([
      {
        agreementId: 'ag-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
      },
    ]);
    expect(await view.findAgreements('DEXYZ', 'DE8AA')).toEqual([]);
    expect(await view.providerStatus('DE8AA')).toBe('suspended');
  });

  it('is idempotent: applying the same change again leaves the same row', async () => {
    const blocked: RegistryViewChange = {
      kind: 'tokenChanged',
      tokenType: 'RFID',
      tokenUid: '04FFEE01',
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      status: 'blocked',
      validUntil: null,
    };
    await apply(blocked);
    await apply(blocked);
    const { rows } = await db.query(`SELECT count(*)::text AS n FROM authz.tokens WHERE token_uid = '04FFEE01'`);
    expect(rows[0]).toEqual({ n: '1' });
    expect((await view.findToken('RFID', '04FFEE01'))?.status).toBe('blocked');
  });

  it('keeps credentials in the authz directory: issued, suspended with the partner, revoked', async () => {
    const keyHash = 'b'.repeat(64);
    await apply({
      kind: 'credentialIssued',
      partnerId: 'cpo-1',
      keyId: 'k-1',
      keyHash,
      partyIds: ['DEABC'],
      roles: ['cpo'],
    });
    const status = async () =>
      (await db.query<{ status: string }>(`SELECT status FROM authz.partner_credentials WHERE key_id = 'k-1'`)).rows[0]
        ?.status;
    expect(await status()).toBe('active');
    await apply({ kind: 'partnerStatusChanged', partnerId: 'cpo-1', status: 'deactivated' });
    expect(await status()).toBe('suspended');
    await apply({ kind: 'credentialRevoked', partnerId: 'cpo-1', keyId: 'k-1' });
    expect(await status()).toBe('revoked');
  });
});
