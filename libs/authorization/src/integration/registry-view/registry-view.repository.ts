import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { isRole, type PartnerStatus as CredentialPartnerStatus, SqlCredentialDirectory } from '@roaming/platform';
import type {
  AgreementFacts,
  AuthorizationTokenType,
  ProviderFacts,
  ProviderStatus,
  TokenFacts,
} from '../../authorization/domain';
import { providerOfContract, tokenKey } from '../../authorization/domain';
import type { RegistryPartnerStatus, RegistryViewChange } from './registry-view.changes';
import { contractFacts, type TokenRow } from './registry-view.contract-facts';
import {
  type ChangedRows,
  changePayload,
  REGISTRY_VIEW_CHANNEL,
  RegistryReplicaSync,
  TOKEN_COLUMNS,
} from './registry-replica.sync';

/** The schema of this context's tables, its read models and its copy of the credential directory. */
export const AUTHZ_SCHEMA = 'authz';

/** Where and how fast a provider that decides at home must answer. */
export interface ProviderEndpoint {
  authorizationUrl: string;
  /** null: the hub's default. */
  timeoutMs: number | null;
}

/** Everything the view knows for one authorization request. */
export interface RegistryFacts {
  token: TokenFacts | null;
  emspPartyId: string | null;
  agreements: AgreementFacts[];
  provider: ProviderFacts;
  /** Set when the provider decides at home. */
  endpoint: ProviderEndpoint | null;
}

/** A partner's doors for commands from the hub (IEC 63119-2 UC3-2/UC3-4: the CPO's webhook). */
export interface PartnerDoors {
  commandUrl: string | null;
}

/**
 * Writes registry changes into the view (always inside the consumer's transaction, next to the de-duplication row)
 * and answers the lookups an authorization needs.
 */
@Injectable()
export class RegistryViewRepository {
  private readonly credentials: SqlCredentialDirectory;
  private readonly replica: RegistryReplicaSync;

  constructor(private readonly db: Database) {
    this.credentials = new SqlCredentialDirectory(db, AUTHZ_SCHEMA);
    this.replica = new RegistryReplicaSync(db);
  }

  /** Loads this process's replica of the view and follows the other instances' changes; lookups load it if needed. */
  start(): Promise<void> {
    return this.replica.start();
  }

  stop(): Promise<void> {
    return this.replica.stop();
  }

  /**
   * Writes the change and announces which rows it touched: this process's replica reads them once the transaction
   * commits, the other instances' replicas when PostgreSQL delivers the notification (also at commit).
   */
  async apply(tx: SqlExecutor, change: RegistryViewChange): Promise<void> {
    await this.write(tx, change);
    const rows = changedRows(change);
    if (!rows) return;
    await tx.query(`SELECT pg_notify($1, $2)`, [REGISTRY_VIEW_CHANNEL, changePayload(rows)]);
    const read = () => this.replica.changed(rows, true);
    if (tx.afterCommit) tx.afterCommit(read);
    else read();
  }

  private async write(tx: SqlExecutor, change: RegistryViewChange): Promise<void> {
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
      case 'endpointsChanged':
        await tx.query(
          `INSERT INTO authz.partners (partner_id, authorization_url, contracts_at_hub, authorization_timeout_ms,
             command_url, party_ids) VALUES ($1, $2, $3, $4, $5, coalesce($6::text[], '{}'))
           ON CONFLICT (partner_id) DO UPDATE
             SET party_ids = coalesce($6::text[], authz.partners.party_ids),
                 authorization_url = EXCLUDED.authorization_url, contracts_at_hub = EXCLUDED.contracts_at_hub,
                 authorization_timeout_ms = EXCLUDED.authorization_timeout_ms, command_url = EXCLUDED.command_url,
                 updated_at = now()`,
          [
            change.partnerId,
            change.authorizationUrl,
            change.contractsAtHub,
            change.authorizationTimeoutMs,
            change.commandUrl,
            change.partyIds,
          ],
        );
        return;
      case 'credentialIssued':
        await this.credentials.upsertCredential(tx, {
          keyId: change.keyId,
          keyHash: change.keyHash,
          signingPublicKey: change.signingPublicKey,
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
          `INSERT INTO authz.agreements (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until,
             tariff_id, timeout_policy)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7, $8)
           ON CONFLICT (agreement_id) DO UPDATE
             SET cpo_party_id = EXCLUDED.cpo_party_id, emsp_party_id = EXCLUDED.emsp_party_id,
                 status = EXCLUDED.status, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
                 tariff_id = EXCLUDED.tariff_id, timeout_policy = EXCLUDED.timeout_policy, updated_at = now()`,
          [
            change.agreementId,
            change.cpoPartyId,
            change.emspPartyId,
            change.status,
            change.validFrom,
            change.validUntil,
            change.tariffId,
            change.timeoutPolicy,
          ],
        );
        return;
      case 'tokenChanged':
        await tx.query(
          `INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status, valid_until, allowed_services,
             allow_offline)
           VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::text[], $8)
           ON CONFLICT (token_type, token_uid) DO UPDATE
             SET emaid = EXCLUDED.emaid, emsp_party_id = EXCLUDED.emsp_party_id, status = EXCLUDED.status,
                 valid_until = EXCLUDED.valid_until, allowed_services = EXCLUDED.allowed_services,
                 allow_offline = EXCLUDED.allow_offline, updated_at = now()`,
          [
            change.tokenType,
            change.tokenUid,
            change.emaid,
            change.emspPartyId,
            change.status,
            change.validUntil,
            change.allowedServices,
            change.allowOffline,
          ],
        );
        return;
    }
  }

  /**
   * The token, its provider, the agreements between that provider and the EVSE's operator and the provider's
   * standing: the hot path of the hub (GeM 983 "keeps the round trip time as low as possible"), answered from this
   * process's replica of the view without a database round trip. A token presented as a contract id (Plug & Charge,
   * QR code) finds its contract's tokens by eMA id; its provider is the contract id's prefix when the hub holds none
   * of them. A change this process applied is seen by every lookup that starts after its transaction committed,
   * except, on embedded PGlite, one made inside a transaction (`tx`: the Kafka door's): it holds the one session the
   * read would need, and takes the copy as it is.
   */
  async lookUp(
    cpoPartyId: string,
    type: AuthorizationTokenType,
    uid: string,
    tx?: SqlExecutor,
  ): Promise<RegistryFacts> {
    if (tx) await this.replica.settledWithin(tx);
    else await this.replica.settled();
    const key = tokenKey(type, uid);
    const byContract = type === 'EMAID' || type === 'PLUG_AND_CHARGE';
    const match = this.replica.current.lookUp({
      cpoPartyId,
      type,
      key,
      namedProvider: byContract ? providerOfContract(key) : null,
    });
    const home = match.providers.find((p) => !p.contractsAtHub && p.authorizationUrl !== null);
    return {
      token: contractFacts(type, key, match.tokens),
      emspPartyId: match.emspPartyId,
      agreements: [...match.agreements],
      provider: { status: leastPermissive(match.providers.map((p) => p.status)), decidesAtHome: home !== undefined },
      endpoint: home
        ? { authorizationUrl: home.authorizationUrl as string, timeoutMs: home.authorizationTimeoutMs }
        : null,
    };
  }

  /** The doors of the partner acting for a party (the first one registered, should several claim it). */
  async doorsOf(partyId: string, tx: SqlExecutor = this.db): Promise<PartnerDoors> {
    const { rows } = await tx.query<{ command_url: string | null }>(
      `SELECT command_url FROM authz.partners WHERE party_ids @> ARRAY[$1]::text[] ORDER BY partner_id LIMIT 1`,
      [partyId],
    );
    return { commandUrl: rows[0]?.command_url ?? null };
  }

  /**
   * The CPO partner acting for a party (the key of a Kafka request names it), unless deactivated: its id and all its
   * party ids. Null when no registered CPO holds the party.
   */
  async cpoPartner(
    partyId: string,
    tx: SqlExecutor = this.db,
  ): Promise<{ partnerId: string; partyIds: string[]; status: RegistryPartnerStatus } | null> {
    const { rows } = await tx.query<{ partner_id: string; party_ids: string[]; status: RegistryPartnerStatus }>(
      `SELECT partner_id, party_ids, status FROM authz.partners
       WHERE party_ids @> ARRAY[$1]::text[] AND 'cpo' = ANY(roles) ORDER BY partner_id LIMIT 1`,
      [partyId],
    );
    const row = rows[0];
    return row ? { partnerId: row.partner_id, partyIds: row.party_ids, status: row.status } : null;
  }

  /** The token record of one registered token (tests and offline sessions), or null. */
  async findToken(type: AuthorizationTokenType, uid: string, tx: SqlExecutor = this.db): Promise<TokenFacts | null> {
    const key = tokenKey(type, uid);
    const { rows } = await tx.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM authz.tokens
       WHERE ${type === 'EMAID' ? 'emaid = $1' : 'token_type = $2 AND token_uid = $1'}`,
      type === 'EMAID' ? [key] : [key, type],
    );
    return contractFacts(type, key, rows);
  }
}

/** The rows of the view a change touches; none for credentials, which the replica does not hold. */
function changedRows(change: RegistryViewChange): ChangedRows | undefined {
  switch (change.kind) {
    case 'partnerRegistered':
    case 'partnerStatusChanged':
    case 'endpointsChanged':
      return { partners: [change.partnerId] };
    case 'agreementChanged':
      return { agreements: [change.agreementId] };
    case 'tokenChanged':
      return { tokens: [[change.tokenType, change.tokenUid]] };
    case 'credentialIssued':
    case 'credentialRevoked':
      return undefined;
  }
}

/** `unknown` until the provider's registration arrives; should two partners claim the party, the strictest counts. */
function leastPermissive(statuses: RegistryPartnerStatus[]): ProviderStatus {
  if (statuses.length === 0) return 'unknown';
  if (statuses.includes('deactivated')) return 'deactivated';
  if (statuses.includes('suspended')) return 'suspended';
  return 'active';
}

/** The directory knows only usable or not: a deactivated partner's keys are as unusable as a suspended one's. */
function credentialStatus(status: RegistryPartnerStatus): CredentialPartnerStatus {
  return status === 'active' ? 'active' : 'suspended';
}
