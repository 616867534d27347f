import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import type { CdrRoutingFacts, ProviderStanding } from '../cdr/domain';
import { CDR_SCHEMA } from './registry-view.migrations';

export interface CpoPartner {
  partnerId: string;
  partyIds: string[];
  status: 'active' | 'suspended' | 'deactivated';
}

/**
 * Questions the CDR intake asks the registry view. Every method takes the executor to run on: inside a consumer's
 * transaction that must be its `tx` (embedded PGlite has one session; a query beside the open transaction would
 * wait for it forever).
 */
@Injectable()
export class RegistryLookup {
  constructor(private readonly db: Database) {}

  /** The facts ReceiveCdr needs: the home EVSP's standing and the agreement that covered the session start. */
  async routingFacts(
    cpoPartyId: string,
    emspPartyId: string,
    sessionStart: string,
    sql: SqlExecutor = this.db,
  ): Promise<CdrRoutingFacts> {
    const provider = await this.providerStanding(emspPartyId, sql);
    const agreementId = await this.agreementInForce(cpoPartyId, emspPartyId, sessionStart, sql);
    return { emspPartyId, provider, agreementId };
  }

  /** Whether a party id belongs to an EVSP partner, and that partner's standing. */
  async providerStanding(partyId: string, sql: SqlExecutor = this.db): Promise<ProviderStanding> {
    const { rows } = await sql.query<{ status: ProviderStanding }>(
      `SELECT status FROM ${CDR_SCHEMA}.registry_partners
       WHERE $1 = ANY(party_ids) AND 'emsp' = ANY(roles)
       ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END
       LIMIT 1`,
      [partyId],
    );
    return rows[0]?.status ?? 'unknown';
  }

  /**
   * The roaming agreement CPO → EVSP that was in force when the session started: its validity window
   * [validFrom, validUntil) holds the start, and it is active now, or was active and only got suspended or
   * terminated after the start (a CDR arrives after the session, sometimes days later, and must still be routed
   * under the agreement the session ran under).
   */
  async agreementInForce(
    cpoPartyId: string,
    emspPartyId: string,
    sessionStart: string,
    sql: SqlExecutor = this.db,
  ): Promise<string | null> {
    const { rows } = await sql.query<{ agreement_id: string }>(
      `SELECT agreement_id FROM ${CDR_SCHEMA}.registry_agreements
       WHERE cpo_party_id = $1 AND emsp_party_id = $2
         AND valid_from <= $3::timestamptz AND (valid_until IS NULL OR $3::timestamptz < valid_until)
         AND (status = 'active'
              OR (ever_active AND status IN ('suspended', 'terminated') AND $3::timestamptz < status_at))
       ORDER BY (status = 'active') DESC, valid_from DESC, agreement_id
       LIMIT 1`,
      [cpoPartyId, emspPartyId, sessionStart],
    );
    return rows[0]?.agreement_id ?? null;
  }

  /** The CPO partner holding a party id (the key of a Kafka CDR), or undefined when no CPO holds it. */
  async cpoPartner(partyId: string, sql: SqlExecutor = this.db): Promise<CpoPartner | undefined> {
    const { rows } = await sql.query<{ partner_id: string; party_ids: string[]; status: CpoPartner['status'] }>(
      `SELECT partner_id, party_ids, status FROM ${CDR_SCHEMA}.registry_partners
       WHERE $1 = ANY(party_ids) AND 'cpo' = ANY(roles)
       ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END
       LIMIT 1`,
      [partyId],
    );
    const row = rows[0];
    return row && { partnerId: row.partner_id, partyIds: row.party_ids, status: row.status };
  }
}
