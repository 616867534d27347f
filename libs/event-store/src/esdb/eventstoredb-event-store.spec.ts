import { PgliteDatabase } from '../sql/pglite-database';
import { runMigrations } from '../sql/migrations';
import { eventStoreContract } from '../testing/event-store-contract';
import { eventStoreDbMigrations } from './esdb.schema';
import { InProcessEventStoreDb } from './testing/in-process-esdb';
import { esdbContractSubject, eventStoreDbSpecifics, type EsdbTestBackends } from './testing/esdb-test-suites';

/*
 * The adapter against an in-process double of the EventStoreDB client, checkpoints in PGlite: exercises the adapter's
 * own logic (revisions, hash chain, message-id index, $all paging) where no server can run. The same suites run
 * against a real server in eventstoredb-event-store.int-spec.ts when EVENTSTOREDB_URL is set.
 */
const opened: PgliteDatabase[] = [];

async function backends(): Promise<EsdbTestBackends> {
  const db = await PgliteDatabase.open();
  await runMigrations(db, eventStoreDbMigrations);
  opened.push(db);
  return { client: new InProcessEventStoreDb().client, db };
}

const close = async () => {
  await opened.shift()?.close();
};

eventStoreContract(
  'EventStoreDB adapter on the in-process double',
  async () => esdbContractSubject(await backends()),
  close,
);
eventStoreDbSpecifics('in-process double', backends, close);
