import { EventStoreDBClient } from '@eventstore/db-client';
import { PgDatabase } from '../sql/pg-database';
import { runMigrations } from '../sql/migrations';
import { eventStoreContract } from '../testing/event-store-contract';
import { testDatabaseUrl } from '@roaming/testing';
import { eventStoreDbMigrations } from './esdb.schema';
import { esdbContractSubject, eventStoreDbSpecifics, type EsdbTestBackends } from './testing/esdb-test-suites';

/** A real EventStoreDB/KurrentDB, e.g. `esdb://127.0.0.1:2113?tls=false`; checkpoints go to the test PostgreSQL. */
const eventStoreDbUrl = process.env.EVENTSTOREDB_URL;

if (eventStoreDbUrl) {
  const backends: EsdbTestBackends[] = [];
  const connect = async (): Promise<EsdbTestBackends> => {
    const db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreDbMigrations);
    const opened = { client: EventStoreDBClient.connectionString(eventStoreDbUrl), db };
    backends.push(opened);
    return opened;
  };
  const disconnect = async () => {
    const opened = backends.shift();
    await opened?.client.dispose();
    await opened?.db.close();
  };
  eventStoreContract('EventStoreDB', async () => esdbContractSubject(await connect()), disconnect);
  eventStoreDbSpecifics('EventStoreDB', connect, disconnect);
} else {
  it('EventStoreDB contract suite skipped: EVENTSTOREDB_URL is not set (no EventStoreDB server can be installed on this machine)', () => {
    console.log(
      'EventStoreDB contract suite skipped: EVENTSTOREDB_URL is not set (no EventStoreDB server can be installed on this machine)',
    );
  });
}
