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
import { RequestBatcher } from './request-batcher';

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
  private readonly lookups: RequestBatcher<LookupRequest, RegistryFacts>;

  constructor(private readonly db: Database) {
    this.credentials = new SqlCredentialDirectory(db, AUTHZ_SCHEMA);
    this.lookups = new RequestBatcher({ run: (requests) => this.lookUpAll(requests, this.db) });
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
   * standing, in ONE round trip (the hot path of the hub: GeM 983 "keeps the round trip time as low as possible"),
   * which concurrent requests share: their lookups leave together as one query. A token presented as a contract id
   * (Plug & Charge, QR code) finds its contract's tokens by eMA id; its provider is the contract id's prefix when
   * the hub holds none of them. Pass `tx` when inside a transaction (embedded PGlite has one session).
   */
  lookUp(cpoPartyId: string, type: AuthorizationTokenType, uid: string, tx?: SqlExecutor): Promise<RegistryFacts> {
    const key = tokenKey(type, uid);
    const byContract = type === 'EMAID' || type === 'PLUG_AND_CHARGE';
    const request: LookupRequest = {
      cpoPartyId,
      type,
      key,
      byContract,
      namedProvider: byContract ? providerOfContract(key) : null,
    };
    if (tx) return this.lookUpAll([request], tx).then(([facts]) => facts);
    return this.lookups.submit(request);
  }

  private async lookUpAll(requests: readonly LookupRequest[], executor: SqlExecutor): Promise<RegistryFacts[]> {
    const { rows } = await executor.query<LookupRow>(LOOKUP, [
      requests.map((r) => (r.byContract ? 'contract' : 'token')),
      requests.map((r) => r.type),
      requests.map((r) => r.key),
      requests.map((r) => r.cpoPartyId),
      requests.map((r) => r.namedProvider),
    ]);
    const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
    return requests.map((request, index) => {
      const row = byIndex.get(index + 1) as LookupRow;
      const providers = row.providers;
      const home = providers.find((p) => !p.contracts_at_hub && p.authorization_url !== null);
      return {
        token: contractFacts(request.type, request.key, row.tokens),
        emspPartyId: row.emsp_party_id,
        agreements: row.agreements.map(agreementFacts),
        provider: { status: leastPermissive(providers.map((p) => p.status)), decidesAtHome: home !== undefined },
        endpoint: home ? { authorizationUrl: home.authorization_url as string, timeoutMs: home.timeout_ms } : null,
      };
    });
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

const TOKEN_COLUMNS = `token_type, token_uid, emaid, emsp_party_id, status, valid_until, allowed_services,
  allow_offline, updated_at`;

/**
 * Any number of lookups in one statement, answered by `authz.look_up_registry` (migration
 * authz/007-registry-lookup-function): a PL/pgSQL function keeps its query planned for the session, so the hot path
 * no longer pays PostgreSQL to parse and plan the same statement for every batch (about half of its CPU per lookup).
 */
const LOOKUP = `SELECT i, emsp_party_id, tokens, agreements, providers
  FROM authz.look_up_registry($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`;

interface LookupRequest {
  cpoPartyId: string;
  type: AuthorizationTokenType;
  key: string;
  byContract: boolean;
  namedProvider: string | null;
}

interface AgreementJson {
  agreement_id: string;
  cpo_party_id: string;
  emsp_party_id: string;
  status: AgreementFacts['status'];
  valid_from: string;
  valid_until: string | null;
  tariff_id: string | null;
  timeout_policy: AgreementFacts['timeoutPolicy'];
}

interface ProviderJson {
  status: RegistryPartnerStatus;
  contracts_at_hub: boolean;
  authorization_url: string | null;
  timeout_ms: number | null;
}

interface LookupRow {
  /** 1-based position of the request in its batch (bigint: pg returns it as a string). */
  i: string | number;
  tokens: TokenRow[];
  emsp_party_id: string | null;
  agreements: AgreementJson[];
  providers: ProviderJson[];
}

function agreementFacts(row: AgreementJson): AgreementFacts {
  return {
    agreementId: row.agreement_id,
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    status: row.status,
    validFrom: new Date(row.valid_from).toISOString(),
    validUntil: row.valid_until === null ? null : new Date(row.valid_until).toISOString(),
    tariffId: row.tariff_id,
    timeoutPolicy: row.timeout_policy,
  };
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
