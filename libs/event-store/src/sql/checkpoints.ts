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
      // The row exists on every page but a processor's first, so the compare-and-set alone is the common case: one
      // round trip before the effect instead of an INSERT that does nothing plus the UPDATE.
      const moved = await tx.query(
        `UPDATE es.checkpoints SET transaction_id = $2::xid8, global_position = $3::bigint, updated_at = now()
         WHERE processor_id = $1 AND (transaction_id, global_position) = ($4::xid8, $5::bigint)`,
        [processorId, next.transactionId, next.globalPosition, expected.transactionId, expected.globalPosition],
      );
      if (moved.rowCount === 0) {
        // No row, or one elsewhere. Only a processor that believes it has never committed may create the row.
        const created = isStart(expected) && (await createRowAt(tx, processorId, next));
        if (!created) throw new CheckpointMoved();
      }
      if (effect) await effect(tx);
      return true;
    });
  } catch (error) {
    if (error instanceof CheckpointMoved) return false;
    throw error;
  }
}

/**
 * A first advance: no row matched START, so we create it already at `next` (updated_at takes its default, now(), the
 * value the UPDATE would have written). A row that is there means someone else moved it: an instance that committed
 * first, or one whose row is still uncommitted, on which this INSERT waits and then finds the conflict. Either way
 * nothing is inserted and we lost; if that other transaction rolls back instead, the INSERT goes through and we won.
 */
async function createRowAt(tx: SqlExecutor, processorId: string, next: Checkpoint): Promise<boolean> {
  const created = await tx.query(
    `INSERT INTO es.checkpoints (processor_id, transaction_id, global_position)
     VALUES ($1, $2::xid8, $3::bigint) ON CONFLICT (processor_id) DO NOTHING`,
    [processorId, next.transactionId, next.globalPosition],
  );
  return created.rowCount === 1;
}

function isStart(checkpoint: Checkpoint): boolean {
  return checkpoint.transactionId === START.transactionId && checkpoint.globalPosition === START.globalPosition;
}

/** Thrown inside the checkpoint transaction so that the effect rolls back when another instance moved it first. */
class CheckpointMoved extends Error {}
