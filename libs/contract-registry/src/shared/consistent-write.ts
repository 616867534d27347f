import { type Database, type SqlExecutor, WrongExpectedVersionError } from '@roaming/event-store';

/**
 * Runs the appends of one request (a claim stream and the aggregate it guards, say) in one database transaction,
 * so they commit together or not at all: a registration refused by its last check leaves no claim behind.
 * A version conflict means another request got in first; the whole unit is re-decided on fresh state, and then
 * usually fails with the business reason (PARTY_ID_TAKEN, AGREEMENT_OVERLAP, …) rather than a bare conflict.
 * Inside `work`, every read and append must pass `tx` (embedded PGlite has a single session).
 */
export async function writeConsistently<T>(
  db: Database,
  work: (tx: SqlExecutor) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < attempts) continue;
      throw error;
    }
  }
}
