import { PgDatabase, PgliteDatabase, runMigrations } from '@roaming/event-store';
import { createTestDatabase, waitFor } from '@roaming/testing';
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

  const token = (
    overrides: Partial<Extract<RegistryViewChange, { kind: 'tokenChanged' }>> = {},
  ): RegistryViewChange => ({
    kind: 'tokenChanged',
    tokenType: 'RFID',
    tokenUid: '04A2B3C4',
    emaid: 'DE8AACA2B3C4D5L',
    emspPartyId: 'DE8AA',
    status: 'active',
    validUntil: '2027-01-01T00:00:00.000Z',
    allowedServices: null,
    allowOffline: false,
    ...overrides,
  });

  it('answers token, agreements and provider in one lookup, whatever order the facts arrived in', async () => {
    expect((await view.lookUp('DEABC', 'RFID', '04A2B3C4')).provider).toEqual({
      status: 'unknown',
      decidesAtHome: false,
    });
    await apply(
      token({ allowedServices: ['CHARGING', 'RESERVATION'], allowOffline: true }),
      {
        kind: 'agreementChanged',
        agreementId: 'ag-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
        tariffId: 'tariff-7',
        timeoutPolicy: 'allow-offline',
      },
      // The status reaches this context before the registration: it must survive it.
      { kind: 'partnerStatusChanged', partnerId: 'emsp-1', status: 'suspended' },
      { kind: 'partnerRegistered', partnerId: 'emsp-1', partyIds: ['DE8AA'], roles: ['emsp'] },
    );

    expect(await view.lookUp('DEABC', 'RFID', '04:a2:b3:c4')).toEqual({
      token: {
        tokenType: 'RFID',
        tokenUid: '04A2B3C4',
        emaid: 'DE8AACA2B3C4D5L',
        emspPartyId: 'DE8AA',
        status: 'active',
        validUntil: '2027-01-01T00:00:00.000Z',
        allowedServices: ['CHARGING', 'RESERVATION'],
        allowOffline: true,
      },
      emspPartyId: 'DE8AA',
      agreements: [
        {
          agreementId: 'ag-1',
          cpoPartyId: 'DEABC',
          emspPartyId: 'DE8AA',
          status: 'active',
          validFrom: '2026-01-01T00:00:00.000Z',
          validUntil: null,
          tariffId: 'tariff-7',
          timeoutPolicy: 'allow-offline',
        },
      ],
      provider: { status: 'suspended', decidesAtHome: false },
      endpoint: null,
    });
    expect((await view.lookUp('DEXYZ', 'RFID', '04A2B3C4')).agreements).toEqual([]);
    const unknown = await view.lookUp('DEABC', 'APP', '04A2B3C4');
    expect(unknown).toMatchObject({ token: null, emspPartyId: null, agreements: [] });
  });

  it('GeM 982: routes to a provider that keeps its contracts at home, with its endpoint and timeout', async () => {
    await apply(
      { kind: 'partnerRegistered', partnerId: 'emsp-home', partyIds: ['FRHOM'], roles: ['emsp'] },
      {
        kind: 'endpointsChanged',
        partnerId: 'emsp-home',
        partyIds: null,
        authorizationUrl: 'http://127.0.0.1:9/authorize',
        contractsAtHub: false,
        authorizationTimeoutMs: 1500,
        commandUrl: null,
      },
    );
    // A contract id names its provider by its prefix even when the hub holds none of its tokens.
    const found = await view.lookUp('DEABC', 'EMAID', 'FR-HOM-C12345678');
    expect(found).toMatchObject({
      token: null,
      emspPartyId: 'FRHOM',
      provider: { status: 'active', decidesAtHome: true },
      endpoint: { authorizationUrl: 'http://127.0.0.1:9/authorize', timeoutMs: 1500 },
    });
    expect(await view.doorsOf('FRHOM')).toEqual({ commandUrl: null });
  });

  it('finds a contract by its eMA id: its Plug & Charge token, else usable while any of its tokens is', async () => {
    const emaid = 'NLEVBC12345678V';
    await apply(
      token({ tokenUid: '04EE0001', emaid, emspPartyId: 'NLEVB', status: 'blocked', validUntil: null }),
      token({ tokenType: 'APP', tokenUid: 'app-77', emaid, emspPartyId: 'NLEVB', validUntil: null }),
    );
    expect((await view.lookUp('DEABC', 'EMAID', emaid)).token).toMatchObject({
      tokenType: 'EMAID',
      tokenUid: emaid,
      emaid,
      status: 'active',
    });
    expect((await view.lookUp('DEABC', 'PLUG_AND_CHARGE', emaid)).token).toMatchObject({ status: 'active' });
    await apply(
      token({ tokenType: 'PLUG_AND_CHARGE', tokenUid: emaid, emaid, emspPartyId: 'NLEVB', status: 'stolen' }),
    );
    expect((await view.lookUp('DEABC', 'PLUG_AND_CHARGE', emaid)).token).toMatchObject({ status: 'stolen' });
    await apply(token({ tokenType: 'APP', tokenUid: 'app-77', emaid, emspPartyId: 'NLEVB', status: 'deactivated' }));
    // No token usable any more: the contract reads as its latest change says.
    expect((await view.lookUp('DEABC', 'EMAID', emaid)).token).toMatchObject({ status: 'deactivated' });
  });

  it('answers lookups made together in one batch, each request with its own facts, in any order', async () => {
    await apply(
      token({ tokenUid: '04BA0001', emaid: 'DEBT1C00000001X', emspPartyId: 'DEBT1', validUntil: null }),
      token({ tokenUid: '04BA0002', emaid: 'DEBT2C00000002X', emspPartyId: 'DEBT2', status: 'blocked' }),
      { kind: 'partnerRegistered', partnerId: 'emsp-bt1', partyIds: ['DEBT1'], roles: ['emsp'] },
      {
        kind: 'agreementChanged',
        agreementId: 'ag-bt1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DEBT1',
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
        tariffId: null,
        timeoutPolicy: 'deny',
      },
    );
    // Made in the same tick: the first two leave at once (two batches may be in flight), the rest share a query.
    const [first, blocked, unknown, byContract, otherOperator] = await Promise.all([
      view.lookUp('DEABC', 'RFID', '04BA0001'),
      view.lookUp('DEABC', 'RFID', '04BA0002'),
      view.lookUp('DEABC', 'RFID', '04BA0003'),
      view.lookUp('DEABC', 'EMAID', 'DEBT1C00000001X'),
      view.lookUp('DEXYZ', 'RFID', '04BA0001'),
    ]);
    expect(first).toMatchObject({
      token: { tokenUid: '04BA0001', status: 'active' },
      emspPartyId: 'DEBT1',
      agreements: [{ agreementId: 'ag-bt1' }],
      provider: { status: 'active', decidesAtHome: false },
    });
    expect(blocked).toMatchObject({
      token: { tokenUid: '04BA0002', status: 'blocked' },
      emspPartyId: 'DEBT2',
      agreements: [],
      provider: { status: 'unknown' },
    });
    expect(unknown).toMatchObject({ token: null, emspPartyId: null, agreements: [] });
    expect(byContract).toMatchObject({ token: { tokenType: 'EMAID', emaid: 'DEBT1C00000001X' }, emspPartyId: 'DEBT1' });
    expect(otherOperator).toMatchObject({ token: { tokenUid: '04BA0001' }, agreements: [] });
    // The replica reads a change this process applied before its next lookup: a block is seen at once.
    await apply(token({ tokenUid: '04BA0001', emaid: 'DEBT1C00000001X', emspPartyId: 'DEBT1', status: 'blocked' }));
    expect((await view.lookUp('DEABC', 'RFID', '04BA0001')).token?.status).toBe('blocked');
  });

  it('is idempotent: applying the same change again leaves the same row', async () => {
    const blocked = token({ tokenUid: '04FFEE01', status: 'blocked', validUntil: null });
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
      signingPublicKey: 'B'.repeat(43),
      partyIds: ['DEABC'],
      roles: ['cpo'],
    });
    const signingKey = await db.query(`SELECT signing_public_key FROM authz.partner_credentials WHERE key_id = 'k-1'`);
    expect(signingKey.rows[0]).toEqual({ signing_public_key: 'B'.repeat(43) });
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

/**
 * Several instances of the context on one database: each decides from its own replica of the view, and a change
 * applied by one (its Kafka consumer holds the partition) must reach the others' replicas within a bounded time, also
 * when their listening connection dropped meanwhile (block-then-deny across instances).
 */
describe('registry view replicas of several instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let drop: () => Promise<void>;
  let url: string;
  let dbA: PgDatabase;
  let dbB: PgDatabase;
  let a: RegistryViewRepository;
  let b: RegistryViewRepository;

  const blockable = (status: 'active' | 'blocked', uid = '04CAFE01'): RegistryViewChange => ({
    kind: 'tokenChanged',
    tokenType: 'RFID',
    tokenUid: uid,
    emaid: 'DE8AAC0000CAFEX',
    emspPartyId: 'DE8AA',
    status,
    validUntil: null,
    allowedServices: null,
    allowOffline: false,
  });
  const statusAt = async (view: RegistryViewRepository, uid = '04CAFE01') =>
    (await view.lookUp('DEABC', 'RFID', uid)).token?.status;

  beforeAll(async () => {
    const created = await createTestDatabase('authz_registry_replicas');
    drop = created.drop;
    url = created.url;
    dbA = new PgDatabase(url);
    dbB = new PgDatabase(url);
    await runMigrations(dbA, authorizationMigrations);
    a = new RegistryViewRepository(dbA);
    b = new RegistryViewRepository(dbB);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dbA?.close();
    await dbB?.close();
    await drop?.();
  });

  it('loads at start what is stored, and follows what another instance applies', async () => {
    await dbA.transaction((tx) => a.apply(tx, blockable('active')));
    await Promise.all([a.start(), b.start()]);
    expect(await statusAt(b)).toBe('active');
    await dbA.transaction((tx) => a.apply(tx, blockable('blocked')));
    expect(await statusAt(a)).toBe('blocked');
    await waitFor(async () => (await statusAt(b)) === 'blocked', { description: 'instance B sees the block' });
  });

  it('loads everything again after its listening connection dropped, so a change made meanwhile is not missed', async () => {
    const listening = async () =>
      (
        await dbA.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
        )
      ).rows.map((row) => row.pid);
    const [first, second] = await waitFor(async () => ((await listening()).length === 2 ? listening() : false), {
      description: 'both instances listen',
    });
    // Cut both listeners, then change the view while nobody listens: the notification reaches no one.
    await dbA.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [[first, second]]);
    await dbA.query(`INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status)
      VALUES ('RFID', '04CAFE02', 'DE8AAC0000CAFEX', 'DE8AA', 'active')`);
    await waitFor(async () => (await statusAt(b, '04CAFE02')) === 'active', {
      description: 'instance B reloaded the view after listening again',
    });
    await waitFor(async () => (await listening()).length === 2, { description: 'both instances listen again' });
  });

  it('misses nothing it cannot read: an unreadable notification counts as "everything changed"', async () => {
    await dbA.query(`INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status)
      VALUES ('RFID', '04CAFE03', 'DE8AAC0000CAFEX', 'DE8AA', 'stolen')`);
    await dbA.query(`SELECT pg_notify('authz_registry_view', 'not json')`);
    await waitFor(async () => (await statusAt(b, '04CAFE03')) === 'stolen', {
      description: 'instance B reloaded the view on an unreadable notification',
    });
  });
});

describe('registry view replica on embedded PGlite (one session)', () => {
  it('answers a lookup made inside a transaction right after a registry change, without waiting for the session it holds', async () => {
    const db = await PgliteDatabase.open();
    try {
      await runMigrations(db, authorizationMigrations);
      const view = new RegistryViewRepository(db);
      await view.start();
      const change: RegistryViewChange = {
        kind: 'tokenChanged',
        tokenType: 'RFID',
        tokenUid: '04BEEF01',
        emaid: 'DE8AAC0000BEEFX',
        emspPartyId: 'DE8AA',
        status: 'blocked',
        validUntil: null,
        allowedServices: null,
        allowOffline: false,
      };
      // The Kafka door's transaction queues behind the registry change's and gets the session when it commits;
      // the replica's read of the change then queues behind the door's transaction.
      const [, inside] = await Promise.all([
        db.transaction((tx) => view.apply(tx, change)),
        db.transaction(async (tx) => {
          await tx.query('SELECT 1');
          return view.lookUp('DEABC', 'RFID', '04BEEF01', tx);
        }),
      ]);
      expect(inside.token?.status ?? 'not yet read').toMatch(/blocked|not yet read/);
      expect((await view.lookUp('DEABC', 'RFID', '04BEEF01')).token?.status).toBe('blocked');
      await view.stop();
    } finally {
      await db.close();
    }
  });
});

describe('registry view replica and rows it cannot read', () => {
  it('leaves out an agreement whose validity names no instant, and loads the rest', async () => {
    const created = await createTestDatabase('authz_registry_odd_rows');
    const db = new PgDatabase(created.url);
    try {
      await runMigrations(db, authorizationMigrations);
      await db.query(`INSERT INTO authz.agreements (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until)
        VALUES ('ag-odd', 'DEABC', 'DE8AA', 'active', '2026-01-01', 'infinity'),
               ('ag-fine', 'DEXYZ', 'DE8AA', 'active', '2026-01-01', NULL)`);
      await db.query(`INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status)
        VALUES ('RFID', '04ADD001', 'DE8AAC0000ADD1X', 'DE8AA', 'active')`);
      const view = new RegistryViewRepository(db);
      await view.start();
      expect((await view.lookUp('DEABC', 'RFID', '04ADD001')).agreements).toEqual([]);
      expect((await view.lookUp('DEXYZ', 'RFID', '04ADD001')).agreements).toEqual([
        expect.objectContaining({ agreementId: 'ag-fine' }),
      ]);
      await view.stop();
    } finally {
      await db.close();
      await created.drop();
    }
  });
});
