import { type Checkpoint, START } from '../event-store.port';
import type { Database, SqlExecutor } from './database';

/*
 * Processor checkpoints in `es.checkpoints`, shared by the PostgreSQL and EventStoreDB adapters: a row per processor,
 * moved only by compare-and-set, in the same transaction as the processor's effect. For ESDB the transaction id
 * column holds the commit position and the global position column the prepare position.
 */

export async function readSqlCheckpoint(db: SqlExecutor, processorId: string): Promise<Checkpoint> {
  const result = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text, global_position::text FROM es.checkpoints WHERE processor_id = $1`,
    [processorId],
  );
  const row = result.rows[0];
  return row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : START;
}

/** Runs `effect` and moves the checkpoint from `expected` to `next` in one transaction; false (rolled back) if it lost. */
export async function advanceSqlCheckpoint(
  db: Database,
  processorId: string,
  expected: Checkpoint,
  next: Checkpoint,
  effect?: (tx: SqlExecutor) => Promise<void>,
): Promise<boolean> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO es.checkpoints (processor_id) VALUES ($1) ON CONFLICT DO NOTHING`, [processorId]);
      const moved = await tx.query(
        `UPDATE es.checkpoints SET transaction_id = $2::xid8, global_position = $3::bigint, updated_at = now()
         WHERE processor_id = $1 AND (transaction_id, global_position) = ($4::xid8, $5::bigint)`,
        [processorId, next.transactionId, next.globalPosition, expected.transactionId, expected.globalPosition],
      );
      if (moved.rowCount === 0) throw new CheckpointMoved();
      if (effect) await effect(tx);
      return true;
    });
  } catch (error) {
    if (error instanceof CheckpointMoved) return false;
    throw error;
  }
}

/** Thrown inside the checkpoint transaction so that the effect rolls back when another instance moved it first. */
class CheckpointMoved extends Error {}
