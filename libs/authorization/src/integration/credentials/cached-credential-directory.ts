import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import {
  type Credential,
  CredentialDirectory,
  type SigningCredential,
  SqlCredentialDirectory,
} from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../../config/authorization.settings';
import { AUTHZ_SCHEMA } from '../registry-view/registry-view.repository';

interface Entry {
  credential: Credential | undefined;
  expiresAt: number;
}

/** Enough for every key of every partner; beyond it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/**
 * This context's credential directory (its own copy in schema `authz`) with each answer reused for a short while:
 * every authorization request is authenticated, and asking the database each time would double the hot path's
 * round trips. How fresh it stays:
 * - a registry change this process applies (a key issued or revoked, a partner suspended) clears the cache as soon
 *   as its transaction commits, so it takes effect here at once;
 * - a change applied by another instance of this context takes effect here within `credentialCacheTtlMs`
 *   (default 5 s) after that instance applied it.
 * Unknown keys are remembered as unknown for the same time, which keeps key guessing off the database.
 */
@Injectable()
export class CachedCredentialDirectory extends CredentialDirectory {
  private readonly source: SqlCredentialDirectory;
  private readonly entries = new Map<string, Entry>();
  /** Lookups in flight: requests that miss together share one query (a key's entry expires under load). */
  private readonly inFlight = new Map<string, Promise<Credential | undefined>>();
  /** Bumped by every invalidation: a lookup that started before one must not put its stale answer back. */
  private generation = 0;

  constructor(
    db: Database,
    private readonly settings: AuthorizationSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.source = new SqlCredentialDirectory(db, AUTHZ_SCHEMA);
  }

  async findByKeyHash(keyHash: string): Promise<Credential | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(keyHash);
    if (cached && cached.expiresAt > now) return cached.credential;
    const pending = this.inFlight.get(keyHash);
    if (pending) return pending;
    const lookup = this.lookUp(keyHash, now);
    this.inFlight.set(keyHash, lookup);
    try {
      return await lookup;
    } finally {
      if (this.inFlight.get(keyHash) === lookup) this.inFlight.delete(keyHash);
    }
  }

  /**
   * The credential behind a key id, for the Kafka door's signed messages: read from the database each time (in the
   * consumer's transaction), not cached, so a revocation or suspension applies to the next message at once.
   */
  override findByKeyId(keyId: string, executor?: SqlExecutor): Promise<SigningCredential | undefined> {
    return this.source.findByKeyId(keyId, executor);
  }

  override findByKeyIds(keyIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, SigningCredential>> {
    return this.source.findByKeyIds(keyIds, executor);
  }

  private async lookUp(keyHash: string, now: number): Promise<Credential | undefined> {
    const generation = this.generation;
    const credential = await this.source.findByKeyHash(keyHash);
    if (generation === this.generation && this.settings.credentialCacheTtlMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.delete(keyHash);
      this.entries.set(keyHash, { credential, expiresAt: now + this.settings.credentialCacheTtlMs });
    }
    return credential;
  }

  /** Forgets every answer: the registry view changed a credential or a partner's standing. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    // A lookup in flight may have read before the change: later callers must not join it.
    this.inFlight.clear();
  }
}
