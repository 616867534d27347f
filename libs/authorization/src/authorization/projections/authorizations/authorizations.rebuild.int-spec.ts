import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@roaming/event-store';
import { createTestDatabase } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { authorizationMigrations } from '../../../authorization.migrations';
import { authorizationStream } from '../../domain';
import { AuthorizationsProjection } from './authorizations.projection';
import { AuthorizationsReadModel } from './authorizations.read-model';

/**
 * The authorizations read model as a versioned projection (house-style §8: rebuild = a new version into a new table,
 * switched when caught up): the rebuilt table equals the live one, and queries read the new one after the switch.
 */
describe('authorizations projection rebuilt into a new version (IEC 63119-2 UC3-1 decisions)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('authz_rebuild');
    db = new PgDatabase(database.url);
    await runMigrations(db, [...eventStoreMigrations, ...authorizationMigrations]);
    store = new PostgresEventStore(db);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const decide = async (i: number): Promise<string> => {
    const authorizationId = randomUUID();
    const common = {
      authorizationId,
      evseId: `DE*ABC*E${i}`,
      cpoPartyId: 'DEABC',
      tokenUid: `04A2B3C${i % 10}`,
      tokenType: 'RFID',
      requestedAt: new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString(),
    };
    await store.append(authorizationStream(authorizationId), [
      i % 3 === 0
        ? { type: 'AuthorizationDenied', data: { ...common, reason: 'UNKNOWN_TOKEN', emspPartyId: null } }
        : {
            type: 'AuthorizationGranted',
            data: { ...common, emaid: 'DE8AACA2B3C4D5L', emspPartyId: 'DE8AA', agreementId: 'ag-1' },
          },
    ]);
    return authorizationId;
  };

  const rows = async (table: string) =>
    (await db.query(`SELECT * FROM ${table} ORDER BY authorization_id`)).rows.map((row) => ({ ...row }));

  it('creates the new version with the same shape as the migrated version 1', async () => {
    const projection = new AuthorizationsProjection(db, store);
    await projection.catchUp();
    await db.query(projection.definition.createTable('authz.authorizations_shape'));
    const shape = (table: string) =>
      db
        .query(
          `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
           WHERE table_schema = 'authz' AND table_name = $1 ORDER BY column_name`,
          [table],
        )
        .then((r) => r.rows);
    expect(await shape('authorizations_shape')).toEqual(await shape('authorizations'));
    await db.query(`DROP TABLE authz.authorizations_shape`);
  });

  it('rebuilds version 2 from the store, equal to the live version 1, and switches the queries to it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await decide(i));
    const projection = new AuthorizationsProjection(db, store);
    const readModel = new AuthorizationsReadModel(db, projection);
    await projection.catchUp();
    const before = await readModel.find(ids[7]);
    expect(before).toMatchObject({ authorizationId: ids[7], status: 'ACCEPTED' });

    const started = await projection.rebuild();
    expect(started.rebuilding).toMatchObject({ version: 2, processorId: 'authz.authorizations:v2' });
    await projection.whenRebuilt();
    expect(await projection.status()).toMatchObject({
      activeVersion: 2,
      table: 'authz.authorizations_v2',
      processorId: 'authz.authorizations:v2',
      rebuilding: null,
    });
    expect(await rows('authz.authorizations_v2')).toEqual(await rows('authz.authorizations'));
    expect((await rows('authz.authorizations_v2')).length).toBeGreaterThanOrEqual(25);
    expect(await readModel.find(ids[7])).toEqual(before);

    // A decision after the switch lands in version 2 only; version 1 stays as it was.
    const later = await decide(99);
    await projection.catchUp();
    expect(await readModel.find(later)).toMatchObject({ authorizationId: later, status: 'DENIED' });
    const { rows: inV1 } = await db.query(`SELECT 1 FROM authz.authorizations WHERE authorization_id = $1`, [later]);
    expect(inV1).toEqual([]);

    // Another instance (a fresh process) reads the version that is active now.
    const restarted = new AuthorizationsProjection(db, store);
    await restarted.catchUp();
    expect(restarted.table()).toBe('authz.authorizations_v2');
    await Promise.all([projection.stop(), restarted.stop()]);
  });
});
