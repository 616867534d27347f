import type { Database } from './database';

/** A forward-only schema change, identified by a stable id such as `event-store/001-events`. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Applies each migration once, in order, recording it in `public.schema_migrations`. Every context passes its own
 * list; the lock keeps two processes starting together from applying the same one twice.
 */
export async function runMigrations(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS public.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('schema_migrations'))`);
      const existing = await tx.query(`SELECT 1 FROM public.schema_migrations WHERE id = $1`, [migration.id]);
      if (existing.rowCount > 0) return false;
      await tx.query(migration.sql);
      await tx.query(`INSERT INTO public.schema_migrations (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
