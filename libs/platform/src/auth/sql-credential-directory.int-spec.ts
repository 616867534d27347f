import { type Database, PgDatabase, PgliteDatabase, runMigrations } from '@roaming/event-store';
import { randomBytes } from 'crypto';
import { generateApiKey } from './api-key';
import { credentialDirectoryMigrations } from './credential-directory.migrations';
import { SqlCredentialDirectory } from './sql-credential-directory';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Backend {
  db: Database;
  cleanUp(): Promise<void>;
}

const backends: Array<[string, (schema: string) => Promise<Backend>]> = [
  [
    'PostgreSQL',
    async (schema) => {
      const db = new PgDatabase(POSTGRES_URL);
      return {
        db,
        cleanUp: async () => {
          await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await db.query(`DELETE FROM public.schema_migrations WHERE id LIKE $1`, [`${schema}/%`]);
          await db.close();
        },
      };
    },
  ],
  [
    'PGlite (in memory)',
    async () => {
      const db = await PgliteDatabase.open();
      return { db, cleanUp: () => db.close() };
    },
  ],
];

describe.each(backends)('SqlCredentialDirectory on %s', (_name, open) => {
  const schema = `platform_test_${randomBytes(6).toString('hex')}`;
  let backend: Backend;
  let directory: SqlCredentialDirectory;

  beforeAll(async () => {
    backend = await open(schema);
    await runMigrations(backend.db, credentialDirectoryMigrations(schema));
    directory = new SqlCredentialDirectory(backend.db, schema);
  });
  afterAll(() => backend?.cleanUp());

  const issue = async (partnerId: string, partyIds: string[] = ['DE*ABC'], roles: Array<'cpo' | 'emsp'> = ['cpo']) => {
    const key = generateApiKey();
    await backend.db.transaction((tx) =>
      directory.upsertCredential(tx, {
        keyId: key.keyId,
        keyHash: key.keyHash,
        signingPublicKey: key.signingPublicKey,
        partnerId,
        partyIds,
        roles,
      }),
    );
    return key;
  };

  it('finds an issued key by its hash with normalized party ids', async () => {
    const key = await issue('partner-a', ['DE*ABC', 'at-xyz', 'DEABC'], ['cpo', 'emsp']);
    expect(await directory.findByKeyHash(key.keyHash)).toEqual({
      keyId: key.keyId,
      partnerId: 'partner-a',
      partyIds: ['DEABC', 'ATXYZ'],
      roles: ['cpo', 'emsp'],
      status: 'active',
    });
  });

  it('finds a key by its id, with the public key that verifies its signed messages, in the caller transaction too', async () => {
    const key = await issue('partner-h', ['DE*ABC'], ['emsp']);
    const expected = {
      keyId: key.keyId,
      signingPublicKey: key.signingPublicKey,
      partnerId: 'partner-h',
      partyIds: ['DEABC'],
      roles: ['emsp'],
      status: 'active',
    };
    expect(await directory.findByKeyId(key.keyId)).toEqual(expected);
    expect(await backend.db.transaction((tx) => directory.findByKeyId(key.keyId, tx))).toEqual(expected);
    expect(await directory.findByKeyId('no-such-key')).toBeUndefined();
  });

  it('keeps no signing key for a key issued before signing keys, and keeps a known one on a redelivery without it', async () => {
    const older = generateApiKey();
    const grant = {
      keyId: older.keyId,
      keyHash: older.keyHash,
      partnerId: 'partner-i',
      partyIds: ['DEABC'],
      roles: ['cpo' as const],
    };
    await backend.db.transaction((tx) => directory.upsertCredential(tx, grant));
    expect((await directory.findByKeyId(older.keyId))?.signingPublicKey).toBeNull();
    const known = await issue('partner-i');
    await backend.db.transaction((tx) =>
      directory.upsertCredential(tx, { ...grant, keyId: known.keyId, keyHash: known.keyHash }),
    );
    expect((await directory.findByKeyId(known.keyId))?.signingPublicKey).toBe(known.signingPublicKey);
  });

  it('stores a signing public key only in its published form (32 bytes, base64url)', async () => {
    const key = generateApiKey();
    await expect(
      backend.db.transaction((tx) =>
        directory.upsertCredential(tx, {
          keyId: key.keyId,
          keyHash: key.keyHash,
          signingPublicKey: key.keyHash,
          partnerId: 'partner-j',
          partyIds: ['DEABC'],
          roles: ['cpo'],
        }),
      ),
    ).rejects.toThrow();
  });

  it('knows nothing of other hashes and never stores the key in clear', async () => {
    const key = await issue('partner-b');
    expect(await directory.findByKeyHash(generateApiKey().keyHash)).toBeUndefined();
    const { rows } = await backend.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${schema}.partner_credentials WHERE key_hash = $1 OR key_id = $1`,
      [key.key],
    );
    expect(rows[0].n).toBe('0');
  });

  it('updates parties and roles when the same key is upserted again', async () => {
    const key = await issue('partner-c', ['DEABC'], ['cpo']);
    await backend.db.transaction((tx) =>
      directory.upsertCredential(tx, {
        keyId: key.keyId,
        keyHash: key.keyHash,
        partnerId: 'partner-c',
        partyIds: ['DEABC', 'DEXYZ'],
        roles: ['cpo', 'emsp'],
      }),
    );
    expect(await directory.findByKeyHash(key.keyHash)).toMatchObject({
      partyIds: ['DEABC', 'DEXYZ'],
      roles: ['cpo', 'emsp'],
    });
  });

  it('revokes a key for good', async () => {
    const key = await issue('partner-d');
    expect(await backend.db.transaction((tx) => directory.revokeCredential(tx, key.keyId))).toBe(true);
    await backend.db.transaction((tx) =>
      directory.upsertCredential(tx, { ...key, partnerId: 'partner-d', partyIds: ['DEABC'], roles: ['cpo'] }),
    );
    await backend.db.transaction((tx) => directory.setPartnerStatus(tx, 'partner-d', 'active'));
    expect((await directory.findByKeyHash(key.keyHash))?.status).toBe('revoked');
    expect(await backend.db.transaction((tx) => directory.revokeCredential(tx, 'no-such-key'))).toBe(false);
  });

  it('finds many key ids in one read, the known ones only', async () => {
    const a = await issue('partner-m');
    const b = await issue('partner-n');
    const found = await directory.findByKeyIds([a.keyId, b.keyId, a.keyId, 'made-up']);
    expect([...found.keys()].sort()).toEqual([a.keyId, b.keyId].sort());
    expect(found.get(b.keyId)).toMatchObject({ partnerId: 'partner-n', signingPublicKey: b.signingPublicKey });
    expect(await directory.findByKeyIds([])).toEqual(new Map());
  });

  it('refuses another signing public key for a recorded key (its hash fixes it), and changes nothing', async () => {
    const key = await issue('partner-s');
    const other = generateApiKey().signingPublicKey;
    await expect(
      backend.db.transaction((tx) =>
        directory.upsertCredential(tx, {
          ...key,
          signingPublicKey: other,
          partnerId: 'partner-s',
          partyIds: ['DEABC'],
          roles: ['cpo'],
        }),
      ),
    ).rejects.toThrow(/different signing public key/);
    expect((await directory.findByKeyId(key.keyId))?.signingPublicKey).toBe(key.signingPublicKey);
  });

  it('keeps a revocation that came before its key: the key, issued later (a parked issue replayed), starts revoked', async () => {
    const key = generateApiKey();
    expect(await backend.db.transaction((tx) => directory.revokeCredential(tx, key.keyId))).toBe(false);
    await backend.db.transaction((tx) =>
      directory.upsertCredential(tx, { ...key, partnerId: 'partner-r', partyIds: ['DEABC'], roles: ['cpo'] }),
    );
    expect((await directory.findByKeyHash(key.keyHash))?.status).toBe('revoked');
    expect((await directory.findByKeyId(key.keyId))?.status).toBe('revoked');
    await backend.db.transaction((tx) => directory.setPartnerStatus(tx, 'partner-r', 'active'));
    expect((await directory.findByKeyHash(key.keyHash))?.status).toBe('revoked');
  });

  it('suspends all keys of a partner, keys issued during the suspension too, and reinstates them', async () => {
    const first = await issue('partner-e');
    const revoked = await issue('partner-e');
    const other = await issue('partner-f');
    await backend.db.transaction((tx) => directory.revokeCredential(tx, revoked.keyId));
    await backend.db.transaction((tx) => directory.setPartnerStatus(tx, 'partner-e', 'suspended'));
    const duringSuspension = await issue('partner-e');

    expect((await directory.findByKeyHash(first.keyHash))?.status).toBe('suspended');
    expect((await directory.findByKeyHash(duringSuspension.keyHash))?.status).toBe('suspended');
    expect((await directory.findByKeyHash(revoked.keyHash))?.status).toBe('revoked');
    expect((await directory.findByKeyHash(other.keyHash))?.status).toBe('active');

    await backend.db.transaction((tx) => directory.setPartnerStatus(tx, 'partner-e', 'active'));
    expect((await directory.findByKeyHash(first.keyHash))?.status).toBe('active');
    expect((await directory.findByKeyHash(duringSuspension.keyHash))?.status).toBe('active');
    expect((await directory.findByKeyHash(revoked.keyHash))?.status).toBe('revoked');
  });

  it('rolls writes back with the caller transaction', async () => {
    const key = generateApiKey();
    await expect(
      backend.db.transaction(async (tx) => {
        await directory.upsertCredential(tx, { ...key, partnerId: 'partner-g', partyIds: ['DEABC'], roles: ['cpo'] });
        throw new Error('consumer failed after the write');
      }),
    ).rejects.toThrow('consumer failed');
    expect(await directory.findByKeyHash(key.keyHash)).toBeUndefined();
  });

  it('applies its migrations once', async () => {
    expect(await runMigrations(backend.db, credentialDirectoryMigrations(schema))).toEqual([]);
  });

  it('refuses schema names that are not plain identifiers', () => {
    expect(() => credentialDirectoryMigrations('x; DROP TABLE y')).toThrow(/schema name/);
    expect(() => new SqlCredentialDirectory(backend.db, 'Bad-Name')).toThrow(/schema name/);
  });
});
