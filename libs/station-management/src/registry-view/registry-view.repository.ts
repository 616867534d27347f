import { Injectable } from '@nestjs/common';
import type { TokenStatus, TokenType } from '@roaming/contracts';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { isRole, SqlCredentialDirectory } from '@roaming/platform';
import { isoOf, isoOrNull } from '../shared/instant';
import {
  type AgreementStatus,
  type PartnerStanding,
  type RegistryChange,
  tokenLookupKey,
} from './registry-view.changes';
import { STATION_SCHEMA } from './registry-view.migrations';

export interface AgreementFact {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  validFrom: string;
  validUntil: string | null;
}

export interface TokenFact {
  tokenType: TokenType;
  tokenUid: string;
  emaid: string;
  emspPartyId: string;
  status: TokenStatus;
  validUntil: string | null;
}

/** `unknown` until the partner's registration reaches this context (topics order messages per key only). */
export type PartyStanding = PartnerStanding | 'unknown';

/**
 * Writes registry changes (inside the consumer's transaction, next to its de-duplication row) and answers the
 * lookups of this context: who acts for a party, which agreements join two parties, which tokens may be used.
 */
@Injectable()
export class RegistryViewRepository {
  private readonly credentials: SqlCredentialDirectory;

  constructor(private readonly db: Database) {
    this.credentials = new SqlCredentialDirectory(db, STATION_SCHEMA);
  }

  async apply(tx: SqlExecutor, change: RegistryChange, occurredAt: string): Promise<void> {
    switch (change.kind) {
      case 'partnerRegistered':
        await tx.query(
          `INSERT INTO station.registry_partners AS p (partner_id, party_ids, roles, profile_at)
           VALUES ($1, $2::text[], $3::text[], $4::timestamptz)
           ON CONFLICT (partner_id) DO UPDATE SET party_ids = EXCLUDED.party_ids, roles = EXCLUDED.roles,
             profile_at = EXCLUDED.profile_at
           WHERE p.profile_at IS NULL OR p.profile_at <= EXCLUDED.profile_at`,
          [change.partnerId, change.partyIds, change.roles, occurredAt],
        );
        return;
      case 'partnerStatusChanged': {
        const { rows } = await tx.query<{ status: PartnerStanding }>(
          `INSERT INTO station.registry_partners AS p (partner_id, status, status_at) VALUES ($1, $2, $3::timestamptz)
           ON CONFLICT (partner_id) DO UPDATE
             SET status = CASE WHEN p.status_at IS NULL OR p.status_at <= EXCLUDED.status_at
                               THEN EXCLUDED.status ELSE p.status END,
                 status_at = GREATEST(p.status_at, EXCLUDED.status_at)
           RETURNING status`,
          [change.partnerId, change.status, occurredAt],
        );
        // A deactivated partner's keys are as unusable as a suspended one's.
        await this.credentials.setPartnerStatus(
          tx,
          change.partnerId,
          rows[0].status === 'active' ? 'active' : 'suspended',
        );
        return;
      }
      case 'credentialIssued': {
        await this.credentials.upsertCredential(tx, {
          keyId: change.keyId,
          keyHash: change.keyHash,
          signingPublicKey: change.signingPublicKey,
          partnerId: change.partnerId,
          partyIds: change.partyIds,
          roles: change.roles.filter(isRole),
        });
        // A revocation that overtook its issue message still wins: revocation is final.
        const revoked = await tx.query(`SELECT 1 FROM station.registry_revoked_keys WHERE key_id = $1`, [change.keyId]);
        if (revoked.rowCount > 0) await this.credentials.revokeCredential(tx, change.keyId);
        return;
      }
      case 'credentialRevoked':
        await tx.query(`INSERT INTO station.registry_revoked_keys (key_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
          change.keyId,
        ]);
        await this.credentials.revokeCredential(tx, change.keyId);
        return;
      case 'agreementChanged':
        await tx.query(
          `INSERT INTO station.registry_agreements AS a
             (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, fact_at)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7::timestamptz)
           ON CONFLICT (agreement_id) DO UPDATE SET cpo_party_id = EXCLUDED.cpo_party_id,
             emsp_party_id = EXCLUDED.emsp_party_id, status = EXCLUDED.status, valid_from = EXCLUDED.valid_from,
             valid_until = EXCLUDED.valid_until, fact_at = EXCLUDED.fact_at
           WHERE a.fact_at <= EXCLUDED.fact_at`,
          [
            change.agreementId,
            change.cpoPartyId,
            change.emspPartyId,
            change.status,
            change.validFrom,
            change.validUntil,
            occurredAt,
          ],
        );
        return;
      case 'tokenChanged':
        await tx.query(
          `INSERT INTO station.registry_tokens AS t
             (token_type, token_uid, emaid, emsp_party_id, status, valid_until, fact_at)
           VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)
           ON CONFLICT (token_type, token_uid) DO UPDATE SET emaid = EXCLUDED.emaid,
             emsp_party_id = EXCLUDED.emsp_party_id, status = EXCLUDED.status, valid_until = EXCLUDED.valid_until,
             fact_at = EXCLUDED.fact_at
           WHERE t.fact_at <= EXCLUDED.fact_at`,
          [
            change.tokenType,
            change.tokenUid,
            change.emaid,
            change.emspPartyId,
            change.status,
            change.validUntil,
            occurredAt,
          ],
        );
        return;
    }
  }

  /** The standing of the partner acting for `partyId` in `role`; the least permissive one if several claim it. */
  async partyStanding(partyId: string, role: 'cpo' | 'emsp', sql: SqlExecutor = this.db): Promise<PartyStanding> {
    const { rows } = await sql.query<{ status: PartnerStanding }>(
      `SELECT status FROM station.registry_partners WHERE party_ids @> ARRAY[$1]::text[] AND roles @> ARRAY[$2]::text[]`,
      [partyId, role],
    );
    if (rows.length === 0) return 'unknown';
    const statuses = rows.map((r) => r.status);
    if (statuses.includes('deactivated')) return 'deactivated';
    if (statuses.includes('suspended')) return 'suspended';
    return 'active';
  }

  async agreementsBetween(
    cpoPartyId: string,
    emspPartyId: string,
    sql: SqlExecutor = this.db,
  ): Promise<AgreementFact[]> {
    const { rows } = await sql.query<AgreementRow>(
      `SELECT agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until
       FROM station.registry_agreements WHERE cpo_party_id = $1 AND emsp_party_id = $2 ORDER BY valid_from, agreement_id`,
      [cpoPartyId, emspPartyId],
    );
    return rows.map(agreementFact);
  }

  /** The EVSPs that have an agreement in force with the CPO at `at`: who may see and receive its station data. */
  async emspsAgreedWith(cpoPartyIds: readonly string[], at: string, sql: SqlExecutor = this.db): Promise<string[]> {
    const { rows } = await sql.query<{ emsp_party_id: string }>(
      `SELECT DISTINCT emsp_party_id FROM station.registry_agreements
       WHERE cpo_party_id = ANY($1::text[]) AND status = 'active' AND valid_from <= $2::timestamptz
         AND (valid_until IS NULL OR valid_until > $2::timestamptz)
       ORDER BY emsp_party_id`,
      [cpoPartyIds, at],
    );
    return rows.map((r) => r.emsp_party_id);
  }

  /** The CPOs whose station data the parties may see: their own, and those they have an agreement in force with. */
  async visibleOperators(partyIds: readonly string[], at: string, sql: SqlExecutor = this.db): Promise<string[]> {
    const { rows } = await sql.query<{ cpo_party_id: string }>(
      `SELECT DISTINCT cpo_party_id FROM station.registry_agreements
       WHERE emsp_party_id = ANY($1::text[]) AND status = 'active' AND valid_from <= $2::timestamptz
         AND (valid_until IS NULL OR valid_until > $2::timestamptz)`,
      [partyIds, at],
    );
    return [...new Set([...partyIds, ...rows.map((r) => r.cpo_party_id)])];
  }

  async findToken(type: TokenType, uid: string, sql: SqlExecutor = this.db): Promise<TokenFact | null> {
    const { rows } = await sql.query<TokenRow>(
      `SELECT token_type, token_uid, emaid, emsp_party_id, status, valid_until
       FROM station.registry_tokens WHERE token_type = $1 AND token_uid = $2`,
      [type, tokenLookupKey(type, uid)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      tokenType: row.token_type,
      tokenUid: row.token_uid,
      emaid: row.emaid,
      emspPartyId: row.emsp_party_id,
      status: row.status,
      validUntil: isoOrNull(row.valid_until),
    };
  }
}

interface AgreementRow {
  agreement_id: string;
  cpo_party_id: string;
  emsp_party_id: string;
  status: AgreementStatus;
  valid_from: Date | string;
  valid_until: Date | string | null;
}

interface TokenRow {
  token_type: TokenType;
  token_uid: string;
  emaid: string;
  emsp_party_id: string;
  status: TokenStatus;
  valid_until: Date | string | null;
}

function agreementFact(row: AgreementRow): AgreementFact {
  return {
    agreementId: row.agreement_id,
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    status: row.status,
    validFrom: isoOf(row.valid_from),
    validUntil: isoOrNull(row.valid_until),
  };
}
