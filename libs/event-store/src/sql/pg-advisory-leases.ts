import { Client, type ClientConfig } from 'pg';
import { longLivedSession } from './pg-session';

/** After a failed attempt (another instance leads, or no connection), the next is not tried sooner than this. */
const RETRY_AFTER_MS = 2_000;

/**
 * Leases held as PostgreSQL session advisory locks on one connection of their own: a lease is this process's while
 * that session lives, and PostgreSQL frees it when the session ends, however the process ends (a SIGKILL included).
 * Holding a lease costs nothing per use: it is asked for again only after a failed attempt, at most every
 * RETRY_AFTER_MS, and all are dropped at once when the connection is lost.
 */
export class PgAdvisoryLeases {
  private client?: Promise<Client>;
  private readonly held = new Set<string>();
  private readonly lastTry = new Map<string, number>();
  private closed = false;

  constructor(private readonly config: ClientConfig) {}

  /** True while this process holds the lease named `name`. */
  async hold(name: string): Promise<boolean> {
    if (this.closed) return false;
    if (this.held.has(name)) return true;
    const now = Date.now();
    if (now - (this.lastTry.get(name) ?? -Infinity) < RETRY_AFTER_MS) return false;
    this.lastTry.set(name, now);
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LEASE_KEY}) AS ok`, [name]);
      // Closed meanwhile: the session is ending, and its locks with it.
      if (rows[0]?.ok && !this.closed) this.held.add(name);
      return this.held.has(name);
    } catch {
      return false;
    }
  }

  /** Gives the lease up (a processor stopped): another process may take it at once. */
  async release(name: string): Promise<void> {
    if (!this.held.delete(name)) return;
    this.lastTry.delete(name);
    try {
      const client = await this.connection();
      await client.query(`SELECT pg_advisory_unlock(${LEASE_KEY})`, [name]);
    } catch {
      // The connection is gone, and the lock with it.
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    await client?.then((c) => c.end()).catch(() => undefined);
  }

  private connection(): Promise<Client> {
    if (!this.client) {
      const client = new Client(longLivedSession(this.config));
      const lost = () => {
        // A late error of an earlier connection says nothing of the current one's locks.
        if (this.client !== connecting) return;
        // Every lock of the session is gone with it: stop acting as the holder at once.
        this.client = undefined;
        this.held.clear();
        client.end().catch(() => undefined);
      };
      client.on('error', lost);
      client.on('end', lost);
      const connecting: Promise<Client> = client.connect().then(
        () => client,
        (error: unknown) => {
          lost();
          throw error;
        },
      );
      this.client = connecting;
    }
    return this.client;
  }
}

/** The lease of a checkpointed processor (EventStore.leads). */
export function processorLease(processorId: string): string {
  return `processor:${processorId}`;
}

/**
 * A lease's lock key: a 64-bit hash of its name, seeded with this system's own number ('RCH1'), so that two names
 * practically never share a lock (a shared one would leave a processor of another app on the same database running
 * nowhere but where the other's lease is held).
 */
const LEASE_KEY = 'hashtextextended($1, 1380141105)';
