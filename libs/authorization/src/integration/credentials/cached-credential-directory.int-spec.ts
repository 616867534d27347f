import { PgliteDatabase, runMigrations } from '@roaming/event-store';
import { credentialDirectoryMigrations, generateApiKey, SqlCredentialDirectory } from '@roaming/platform';
import { FixedClock } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../../config/authorization.settings';
import { AUTHZ_SCHEMA } from '../registry-view/registry-view.repository';
import { CachedCredentialDirectory } from './cached-credential-directory';

/** The hot path authenticates every request: from memory, but a revocation must still take effect in bounded time. */
describe('CachedCredentialDirectory (API keys on the hot path; revocation within a bounded time)', () => {
  let db: PgliteDatabase;
  let source: SqlCredentialDirectory;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  let cache: CachedCredentialDirectory;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, credentialDirectoryMigrations(AUTHZ_SCHEMA));
    source = new SqlCredentialDirectory(db, AUTHZ_SCHEMA);
    cache = new CachedCredentialDirectory(db, new AuthorizationSettings({ credentialCacheTtlMs: 5_000 }), clock);
  });

  afterAll(async () => {
    await db.close();
  });

  const issue = async () => {
    const key = generateApiKey();
    await db.transaction((tx) =>
      source.upsertCredential(tx, {
        keyId: key.keyId,
        keyHash: key.keyHash,
        partnerId: 'cpo-1',
        partyIds: ['DEABC'],
        roles: ['cpo'],
      }),
    );
    return key;
  };

  it('answers from memory: a revocation applied by another instance takes effect once the TTL has passed', async () => {
    const { keyId, keyHash } = await issue();
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('active');
    await db.transaction((tx) => source.revokeCredential(tx, keyId));
    clock.advance(4_999);
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('active');
    clock.advance(1);
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('revoked');
  });

  it('takes a change this process applied into account at once, once invalidated', async () => {
    const { keyId, keyHash } = await issue();
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('active');
    await db.transaction((tx) => source.revokeCredential(tx, keyId));
    cache.invalidate();
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('revoked');
  });

  it('remembers an unknown key as unknown for the TTL, and forgets it when a key is issued here', async () => {
    const key = generateApiKey();
    expect(await cache.findByKeyHash(key.keyHash)).toBeUndefined();
    await db.transaction((tx) =>
      source.upsertCredential(tx, {
        keyId: key.keyId,
        keyHash: key.keyHash,
        partnerId: 'cpo-1',
        partyIds: ['DEABC'],
        roles: ['cpo'],
      }),
    );
    expect(await cache.findByKeyHash(key.keyHash)).toBeUndefined();
    cache.invalidate();
    expect((await cache.findByKeyHash(key.keyHash))?.status).toBe('active');
  });

  it('does not put back an answer read before an invalidation that happened while it was being read', async () => {
    const { keyId, keyHash } = await issue();
    const reading = cache.findByKeyHash(keyHash);
    await db.transaction((tx) => source.revokeCredential(tx, keyId));
    cache.invalidate();
    await reading;
    expect((await cache.findByKeyHash(keyHash))?.status).toBe('revoked');
  });

  it('lets requests that miss together share one lookup', async () => {
    const { keyHash } = await issue();
    let queries = 0;
    const counting = new CachedCredentialDirectory(
      {
        query: async (text: string, params?: unknown[]) => {
          queries++;
          return db.query(text, params);
        },
      } as unknown as PgliteDatabase,
      new AuthorizationSettings({ credentialCacheTtlMs: 5_000 }),
      clock,
    );
    const answers = await Promise.all(Array.from({ length: 20 }, () => counting.findByKeyHash(keyHash)));
    expect(answers.every((a) => a?.status === 'active')).toBe(true);
    expect(queries).toBe(1);
  });

  it('caches nothing with a TTL of 0', async () => {
    const uncached = new CachedCredentialDirectory(db, new AuthorizationSettings({ credentialCacheTtlMs: 0 }), clock);
    const { keyId, keyHash } = await issue();
    expect((await uncached.findByKeyHash(keyHash))?.status).toBe('active');
    await db.transaction((tx) => source.revokeCredential(tx, keyId));
    expect((await uncached.findByKeyHash(keyHash))?.status).toBe('revoked');
  });
});
