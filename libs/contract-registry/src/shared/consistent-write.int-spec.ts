import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { DomainError, FixedClock, RandomIdGenerator } from '@roaming/shared-kernel';
import { createTestDatabase } from '@roaming/testing';
import { AgreementWriter } from '../agreement/features/agreement-writer';
import { TariffCatalog } from '../tariff/tariff-catalog';
import { OfferAgreementHandler } from '../agreement/features/offer-agreement/offer-agreement.handler';
import { OfferAgreementCommand } from '../agreement/features/offer-agreement/offer-agreement.command';
import { RegisterContractCommand } from '../ev-contract/features/register-contract/register-contract.command';
import { RegisterContractHandler } from '../ev-contract/features/register-contract/register-contract.handler';
import { ContractBook } from '../ev-contract/contract-book/contract-book';
import { EvContractWriter } from '../ev-contract/features/ev-contract-writer';
import { contractRegistryMigrations } from '../contract-registry.migrations';
import { RegisterPartnerCommand } from '../partner/features/register-partner/register-partner.command';
import { RegisterPartnerHandler } from '../partner/features/register-partner/register-partner.handler';
import { PartyDirectory } from '../partner/party-directory';
import type { PartnerProjections } from '../partner/projections/partner-projections';

/**
 * The uniqueness rules that claim streams enforce, raced on a real PostgreSQL server (embedded PGlite runs one
 * transaction at a time, so only a server shows that concurrent requests cannot both get through).
 */
describe('consistent writes under concurrency (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  const ids = new RandomIdGenerator();
  // The projections are not under test here; the handlers' read-your-writes wait has nothing to wait for.
  const projections = { waitForStream: async () => undefined } as unknown as PartnerProjections;
  const operator: Principal = { partnerId: 'operator', partyIds: [], roles: ['operator'], keyId: 'k-op' };
  const cpo: Principal = { partnerId: 'p-cpo', partyIds: ['DEABC'], roles: ['cpo'], keyId: 'k-cpo' };
  const evsp: Principal = { partnerId: 'p-evsp', partyIds: ['NLEVB'], roles: ['emsp'], keyId: 'k-evsp' };

  beforeAll(async () => {
    database = await createTestDatabase('registry_races');
    db = new PgDatabase(database.url);
    await runMigrations(db, [...eventStoreMigrations, ...contractRegistryMigrations]);
    store = new PostgresEventStore(db, undefined, () => clock.now());
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const outcomes = async (attempts: Promise<unknown>[]) =>
    (await Promise.allSettled(attempts)).map((r) =>
      r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : String(r.reason),
    );
  const count = async (stream: string) =>
    Number(
      (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM es.events WHERE stream_name = $1`, [stream]))
        .rows[0].n,
    );

  it('lets exactly one of several partners racing for one party id register', async () => {
    const handler = new RegisterPartnerHandler(db, store, clock, ids, projections, new PartyDirectory(store));
    const results = await outcomes(
      Array.from({ length: 6 }, (_, i) =>
        handler.execute(
          new RegisterPartnerCommand(
            { name: `Racer ${i}`, roles: ['cpo'], partyIds: [`AT${i}R0`, 'DE*RAC'], partnerContractVersion: 'PC-1' },
            { principal: operator },
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'PARTY_ID_TAKEN')).toHaveLength(5);
    expect(await count('partyClaim-DERAC')).toBe(1);
    // The losers' other claims were rolled back with them.
    const claimed = await db.query(
      `SELECT 1 FROM es.events WHERE category = 'partyClaim' AND stream_name LIKE 'partyClaim-AT%'`,
    );
    expect(claimed.rows).toHaveLength(1);
  });

  it('lets exactly one of several overlapping offers for one CPO/EVSP pair through', async () => {
    const register = new RegisterPartnerHandler(db, store, clock, ids, projections, new PartyDirectory(store));
    for (const [name, roles, partyId] of [
      ['CPO', ['cpo'], 'DEABC'],
      ['EVSP', ['emsp'], 'NLEVB'],
    ] as const) {
      await register.execute(
        new RegisterPartnerCommand(
          { name, roles: [...roles], partyIds: [partyId], partnerContractVersion: 'PC-1' },
          { principal: operator },
        ),
      );
    }
    const handler = new OfferAgreementHandler(
      new AgreementWriter(db, store),
      clock,
      ids,
      new PartyDirectory(store),
      new TariffCatalog(store),
    );
    const results = await outcomes(
      Array.from({ length: 5 }, (_, i) =>
        handler.execute(
          new OfferAgreementCommand(
            { cpoPartyId: 'DEABC', emspPartyId: 'NLEVB', validFrom: `2026-0${i + 4}-01T00:00:00Z` },
            { principal: cpo },
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'AGREEMENT_OVERLAP')).toHaveLength(4);
    expect(await count('agreementPair-DEABC+NLEVB')).toBe(1);
    const agreements = await db.query(`SELECT 1 FROM es.events WHERE category = 'agreement'`);
    expect(agreements.rows).toHaveLength(1);
  });

  it('lets exactly one of several contracts racing for one card uid of an EVSP take it (contract book lock)', async () => {
    const book = new ContractBook(db, store);
    const handler = new RegisterContractHandler(
      new EvContractWriter(book, store),
      book,
      new PartyDirectory(store),
      clock,
    );
    const emaids = ['NLEVBC00000001I', 'NLEVBC00000002O', 'NLEVBC00000003', 'NLEVBC00000004'];
    const results = await outcomes(
      emaids.map((emaid) =>
        handler.execute(
          new RegisterContractCommand({ emaid, tokens: [{ uid: 'CAFEBABE', type: 'RFID' }] }, { principal: evsp }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'TOKEN_UID_TAKEN')).toHaveLength(3);
    const claims = await db.query(`SELECT emaid FROM registry.token_uid_claims WHERE uid = 'CAFEBABE'`);
    expect(claims.rows).toHaveLength(1);
    const contracts = await db.query(`SELECT 1 FROM es.events WHERE category = 'evContract'`);
    expect(contracts.rows).toHaveLength(1);
    const stored = await db.query(`SELECT emaid FROM registry.ev_contracts`);
    expect(stored.rows).toEqual(claims.rows);
  });
});
