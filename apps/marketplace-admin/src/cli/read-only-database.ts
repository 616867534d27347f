import { PgDatabase } from '@roaming/event-store';
import { UsageError } from './cli-arguments';

/**
 * The store of an app, opened so that nothing this tool runs can write: every transaction of the session is read
 * only (PostgreSQL refuses INSERT, UPDATE, DELETE and DDL in it).
 */
export function openReadOnly(databaseUrl: string | undefined): PgDatabase {
  if (!databaseUrl) throw new UsageError('give --database-url (or set DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError('--database-url must be a postgres:// URL');
  return new PgDatabase({ connectionString: databaseUrl, max: 2, options: '-c default_transaction_read_only=on' });
}
