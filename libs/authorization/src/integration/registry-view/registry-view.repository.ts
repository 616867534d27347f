import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { isRole, type PartnerStatus as CredentialPartnerStatus, SqlCredentialDirectory } from '@roaming/platform';
import type { AgreementFacts, AuthorizationTokenType, ProviderStatus, TokenFacts } from '../../authorization/domain';
import { tokenKey } from '../../authorization/domain';
import type { RegistryPartnerStatus, RegistryViewChange } from './registry-view.changes';

/** The schema of this context's tables, its read models and its copy of the credential directory. */
export const AUTHZ_SCHEMA = 'authz';

/**
 * Writes registry changes into the view (always inside the consumer's transaction, next to the de-duplication row)
 * and answers the lookups an authorization needs.
 */
@Injectable()
export class RegistryViewRepository {
  private readonly credentials: SqlCredentialDirectory;

  constructor(private readonly db: Database) {
    this.credentials = new SqlCredentialDirectory(db, AUTHZ_SCHEMA);
  }

  async apply(tx: SqlExecutor, change: RegistryViewChange): Promise<void> {
    switch (change.kind) {
      case 'partnerRegistered':
        // A status that arrived first (streams are ordered only one by one) is kept; registration implies active.
        await tx.query(
          `INSERT INTO authz.partners (partner_id, party_ids, roles) VALUES ($1, $2::text[], $3::text[])
           ON CONFLICT (partner_id) DO UPDATE
             SET party_ids = EXCLUDED.party_ids, roles = EXCLUDED.roles, updated_at = now()`,
          [change.partnerId, change.partyIds, change.roles],
        );
        return;
      case 'partnerStatusChanged':
        await tx.query(
          `INSERT INTO authz.partners (partner_id, status) VALUES ($1, $2)
           ON CONFLICT (partner_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
          [change.partnerId, change.status],
        );
        await this.credentials.setPartnerStatus(tx, change.partnerId, credentialStatus(change.status));
        return;
      case 'credentialIssued':
        await this.credentials.upsertCredential(tx, {
          keyId: change.keyId,
          keyHash: change.keyHash,
          partnerId: change.partnerId,
          partyIds: change.partyIds,
          roles: change.roles.filter(isRole),
        });
        return;
      case 'credentialRevoked':
        // An unknown key (its issue message parked or not yet seen) has nothing to revoke here.
        await this.credentials.revokeCredential(tx, change.keyId);
        return;
      case 'agreementChanged':
        await tx.query(
          `INSERT INTO authz.agreements (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz)
           ON CONFLICT (agreement_id) DO UPDATE
             SET cpo_party_id = EXCLUDED.cpo_party_id, emsp_party_id = EXCLUDED.emsp_party_id,
                 status = EXCLUDED.status, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
                 updated_at = now()`,
          [
            change.agreementId,
            change.cpoPartyId,
            change.emspPartyId,
            change.status,
            change.validFrom,
            change.validUntil,
          ],
        );
        return;
      case 'tokenChanged':
        await tx.query(
          `INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status, valid_until)
           VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
           ON CONFLICT (token_type, token_uid) DO UPDATE
             SET emaid = EXCLUDED.emaid, emsp_party_id = EXCLUDED.emsp_party_id, status = EXCLUDED.status,
                 valid_until = EXCLUDED.valid_until, updated_at = now()`,
          [change.tokenType, change.tokenUid, change.emaid, change.emspPartyId, change.status, change.validUntil],
        );
        return;
    }
  }

  async findToken(type: AuthorizationTokenType, uid: string): Promise<TokenFacts | null> {
    const { rows } = await this.db.query<TokenRow>(
      `SELECT token_type, token_uid, emaid, emsp_party_id, status, valid_until
       FROM authz.tokens WHERE token_type = $1 AND token_uid = $2`,
      [type, tokenKey(type, uid)],
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

  /** Every agreement between the two parties, whatever its status: the decision judges them. */
  async findAgreements(cpoPartyId: string, emspPartyId: string): Promise<AgreementFacts[]> {
    const { rows } = await this.db.query<AgreementRow>(
      `SELECT agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until
       FROM authz.agreements WHERE cpo_party_id = $1 AND emsp_party_id = $2
       ORDER BY valid_from, agreement_id`,
      [cpoPartyId, emspPartyId],
    );
    return rows.map((row) => ({
      agreementId: row.agreement_id,
      cpoPartyId: row.cpo_party_id,
      emspPartyId: row.emsp_party_id,
      status: row.status,
      validFrom: iso(row.valid_from),
      validUntil: isoOrNull(row.valid_until),
    }));
  }

  /**
   * The status of the partner acting for this party; `unknown` until its registration arrives. Should two partners
   * claim the party, the least permissive status counts.
   */
  async providerStatus(partyId: string): Promise<ProviderStatus> {
    const { rows } = await this.db.query<{ status: RegistryPartnerStatus }>(
      `SELECT status FROM authz.partners WHERE party_ids @> ARRAY[$1]::text[]`,
      [partyId],
    );
    if (rows.length === 0) return 'unknown';
    const statuses = rows.map((r) => r.status);
    if (statuses.includes('deactivated')) return 'deactivated';
    if (statuses.includes('suspended')) return 'suspended';
    return 'active';
  }
}

/** The directory knows only usable or not: a deactivated partner's keys are as unusable as a suspended one's. */
function credentialStatus(status: RegistryPartnerStatus): CredentialPartnerStatus {
  return status === 'active' ? 'active' : 'suspended';
}

interface TokenRow {
  token_type: AuthorizationTokenType;
  token_uid: string;
  emaid: string;
  emsp_party_id: string;
  status: TokenFacts['status'];
  valid_until: Date | string | null;
}

interface AgreementRow {
  agreement_id: string;
  cpo_party_id: string;
  emsp_party_id: string;
  status: AgreementFacts['status'];
  valid_from: Date | string;
  valid_until: Date | string | null;
}

/** pg and PGlite both return timestamptz as Date, but a string is accepted too. */
function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}
