import { type Checkpoint, START } from '../event-store.port';

/**
 * Orders two places in the global history the way readers do: by transaction id, then global position. Both are
 * decimal strings (xid8 and bigint), so they are compared as BigInt, never as text or as JS numbers.
 */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ga = BigInt(a.globalPosition);
  const gb = BigInt(b.globalPosition);
  return ga === gb ? 0 : ga < gb ? -1 : 1;
}

export function isStart(checkpoint: Checkpoint): boolean {
  return compareCheckpoints(checkpoint, START) === 0;
}

/** Checks the shape of a checkpoint that came from outside (an anchor, a cursor): two unsigned decimal integers. */
export function isCheckpoint(value: unknown): value is Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  return (
    !!c &&
    typeof c.transactionId === 'string' &&
    typeof c.globalPosition === 'string' &&
    /^(0|[1-9]\d{0,19})$/.test(c.transactionId) &&
    /^(0|[1-9]\d{0,18})$/.test(c.globalPosition)
  );
}
