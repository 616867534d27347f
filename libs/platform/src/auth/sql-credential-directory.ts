import type { Database, SqlExecutor } from '@roaming/event-store';
import { assertSchemaName } from './credential-directory.migrations';
import { CredentialDirectory, type SigningCredential } from './credential-directory';
import { normalizePartyId } from './party-id';
import { type Credential, type CredentialStatus, isRole, type Role } from './principal';

export interface CredentialGrant {
  keyId: string;
  /** sha256 of the key, hex (see hashApiKey); the key itself is never stored. */
  keyHash: string;
  /**
   * The key's Ed25519 public key for signed Kafka messages (partner-signing-key.ts); absent when the registry's event
   * predates signing keys, and then the key cannot sign Kafka messages.
   */
  signingPublicKey?: string | null;
  partnerId: string;
  partyIds: readonly string[];
  roles: readonly Role[];
}

export type PartnerStatus = Extract<CredentialStatus, 'active' | 'suspended'>;

interface CredentialRow {
  key_id: string;
  partner_id: string;
  party_ids: string[];
  roles: string[];
  status: CredentialStatus;
}

/**
 * The credential directory of one context, in tables of its own schema (see credentialDirectoryMigrations).
 * Writes take the caller's transaction so that a consumer applies an event and records its message id atomically.
 */
export class SqlCredentialDirectory extends CredentialDirectory {
  private readonly schema: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    super();
    this.schema = assertSchemaName(schema);
  }

  async findByKeyHash(keyHash: string): Promise<Credential | undefined> {
    const { rows } = await this.db.query<CredentialRow>(
      `SELECT key_id, partner_id, party_ids, roles, status FROM ${this.schema}.partner_credentials WHERE key_hash = $1`,
      [keyHash],
    );
    const row = rows[0];
    return row ? credentialOf(row) : undefined;
  }

  /** By the key's public id (key_id is UNIQUE, so its index serves this lookup). */
  override async findByKeyId(keyId: string, executor?: SqlExecutor): Promise<SigningCredential | undefined> {
    const { rows } = await (executor ?? this.db).query<CredentialRow & { signing_public_key: string | null }>(
      `SELECT signing_public_key, key_id, partner_id, party_ids, roles, status FROM ${this.schema}.partner_credentials
       WHERE key_id = $1`,
      [keyId],
    );
    const row = rows[0];
    return row ? { ...credentialOf(row), signingPublicKey: row.signing_public_key } : undefined;
  }

  override async findByKeyIds(
    keyIds: readonly string[],
    executor?: SqlExecutor,
  ): Promise<Map<string, SigningCredential>> {
    const ids = [...new Set(keyIds)];
    if (ids.length === 0) return new Map();
    const { rows } = await (executor ?? this.db).query<CredentialRow & { signing_public_key: string | null }>(
      `SELECT signing_public_key, key_id, partner_id, party_ids, roles, status FROM ${this.schema}.partner_credentials
       WHERE key_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.key_id, { ...credentialOf(row), signingPublicKey: row.signing_public_key }]));
  }

  /**
   * Records an issued key, or updates its parties and roles. A new key inherits its partner's suspension;
   * a revoked key stays revoked (revocation is final: issue a new key instead), also when the revocation came first.
   */
  async upsertCredential(tx: SqlExecutor, grant: CredentialGrant): Promise<void> {
    const partyIds = grant.partyIds.map((partyId) => normalizePartyId(partyId, 'partyIds'));
    const { rowCount } = await tx.query(
      `INSERT INTO ${this.schema}.partner_credentials
         (key_hash, key_id, partner_id, party_ids, roles, signing_public_key, status)
       VALUES ($1, $2, $3, $4::text[], $5::text[], $6,
               CASE WHEN EXISTS (SELECT 1 FROM ${this.schema}.revoked_keys WHERE key_id = $2) THEN 'revoked'
                    ELSE COALESCE((SELECT status FROM ${this.schema}.partner_statuses WHERE partner_id = $3), 'active')
               END)
       ON CONFLICT (key_hash) DO UPDATE
         SET party_ids = EXCLUDED.party_ids, roles = EXCLUDED.roles,
             signing_public_key = COALESCE(EXCLUDED.signing_public_key, partner_credentials.signing_public_key),
             updated_at = now()
         WHERE EXCLUDED.signing_public_key IS NULL OR partner_credentials.signing_public_key IS NULL
            OR EXCLUDED.signing_public_key = partner_credentials.signing_public_key`,
      [
        grant.keyHash,
        grant.keyId,
        grant.partnerId,
        [...new Set(partyIds)],
        [...new Set(grant.roles)],
        grant.signingPublicKey ?? null,
      ],
    );
    // A key's hash fixes its signing key: another one for the same key is a bug or a forgery, never applied (the
    // consumer parks the message; security review).
    if (rowCount === 0) throw new Error(`key ${grant.keyId}: a different signing public key than the one recorded`);
  }

  /**
   * Revokes the key; returns false when the key is unknown. Either way the revocation is remembered, so that the key,
   * issued here later (an issue message parked and replayed after its revocation), starts revoked (security review).
   */
  async revokeCredential(tx: SqlExecutor, keyId: string): Promise<boolean> {
    await tx.query(`INSERT INTO ${this.schema}.revoked_keys (key_id) VALUES ($1) ON CONFLICT (key_id) DO NOTHING`, [
      keyId,
    ]);
    const { rowCount } = await tx.query(
      `UPDATE ${this.schema}.partner_credentials SET status = 'revoked', updated_at = now() WHERE key_id = $1`,
      [keyId],
    );
    return rowCount > 0;
  }

  /** Suspends or reinstates every non-revoked key of the partner, now and for keys issued later. */
  async setPartnerStatus(tx: SqlExecutor, partnerId: string, status: PartnerStatus): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.partner_statuses (partner_id, status) VALUES ($1, $2)
       ON CONFLICT (partner_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
      [partnerId, status],
    );
    await tx.query(
      `UPDATE ${this.schema}.partner_credentials SET status = $2, updated_at = now()
       WHERE partner_id = $1 AND status <> 'revoked'`,
      [partnerId, status],
    );
  }
}

function credentialOf(row: CredentialRow): Credential {
  return {
    keyId: row.key_id,
    partnerId: row.partner_id,
    partyIds: row.party_ids,
    // Tolerant reader: a role added upstream later grants nothing here until this code knows it.
    roles: row.roles.filter(isRole),
    status: row.status,
  };
}
