import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@roaming/event-store';
import type { MoneyJson } from '@roaming/shared-kernel';
import {
  type CdrAuthorizationMode,
  type CdrFacts,
  type CdrRecord,
  type ProviderStanding,
  sessionKeyOf,
} from '../../domain';
import { CDR_SCHEMA } from '../../../registry-view/registry-view.migrations';

export interface CdrFactsRequest {
  readonly record: CdrRecord;
  readonly homeProviderPartyId: string;
}

interface FactsRow {
  i: number;
  provider: ProviderStanding | null;
  evsp_webhook: boolean;
  agreement_id: string | null;
  negotiated_tariff_id: string | null;
  evse_cpo: string | null;
  evse_power: number | null;
  evse_tz: string | null;
  authorized: boolean;
  session_authorization: string | null;
  session_offline: boolean | null;
  session_claimed_by: string | null;
  ref_id: string | null;
  ref_amount: string | null;
  ref_currency: string | null;
  ref_credited_by: string | null;
  ref_revised_by: string | null;
  ref_emsp: string | null;
  ref_emaid: string | null;
}

/**
 * Looks up the facts of many records in ONE query (one round trip for a whole batch): the home EVSP's standing, its
 * delivery channel and the agreement in force at the session START (validity window, not only status: registry view), the EVSE,
 * the authorization/session, another accepted record of the session, and the record a credit or revision names.
 * Runs on the caller's executor (the transaction that appends the decisions).
 */
@Injectable()
export class CdrFactsLookup {
  async factsFor(sql: SqlExecutor, requests: readonly CdrFactsRequest[]): Promise<CdrFacts[]> {
    if (requests.length === 0) return [];
    const r = requests.map((q) => q.record);
    const { rows } = await sql.query<FactsRow>(
      `SELECT x.i,
         (SELECT p.status FROM ${CDR_SCHEMA}.registry_partners p
           WHERE x.emsp = ANY(p.party_ids) AND 'emsp' = ANY(p.roles)
           ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END LIMIT 1) AS provider,
         EXISTS (SELECT 1 FROM ${CDR_SCHEMA}.registry_partners p
           WHERE x.emsp = ANY(p.party_ids) AND 'emsp' = ANY(p.roles) AND p.status <> 'deactivated'
             AND p.webhook_url IS NOT NULL) AS evsp_webhook,
         ag.agreement_id, ag.negotiated_tariff_id,
         e.cpo_party_id AS evse_cpo, e.max_power_w AS evse_power, e.time_zone AS evse_tz,
         EXISTS (SELECT 1 FROM ${CDR_SCHEMA}.known_authorizations k WHERE k.authorization_id = x.auth) AS authorized,
         s.authorization_id AS session_authorization, s.offline AS session_offline,
         (SELECT c.cdr_id FROM ${CDR_SCHEMA}.accepted_records c
           WHERE c.cpo_party_id = x.cpo AND (c.session_key = x.skey OR c.authorization_key = x.akey)
           ORDER BY c.cdr_id LIMIT 1) AS session_claimed_by,
         f.cdr_id AS ref_id, f.total_amount AS ref_amount, f.currency AS ref_currency,
         f.credited_by AS ref_credited_by, f.revised_by AS ref_revised_by,
         f.emsp_party_id AS ref_emsp, f.emaid AS ref_emaid
       FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::text[])
         AS x(i, cpo, emsp, started, evse, auth, sess, skey, ref, akey)
       LEFT JOIN LATERAL (SELECT a.agreement_id, a.negotiated_tariff_id FROM ${CDR_SCHEMA}.registry_agreements a
           WHERE a.cpo_party_id = x.cpo AND a.emsp_party_id = x.emsp
             AND a.valid_from <= x.started AND (a.valid_until IS NULL OR x.started < a.valid_until)
             AND (a.status = 'active'
                  OR (a.ever_active AND a.status IN ('suspended', 'terminated') AND x.started < a.status_at))
           ORDER BY (a.status = 'active') DESC, a.valid_from DESC, a.agreement_id LIMIT 1) ag ON true
       LEFT JOIN ${CDR_SCHEMA}.evses e ON e.evse_id = x.evse
       LEFT JOIN LATERAL (SELECT ks.authorization_id, ks.offline FROM ${CDR_SCHEMA}.known_sessions ks
           WHERE ks.session_id = x.sess OR (ks.cpo_party_id = x.cpo AND ks.cpo_session_id = x.sess) LIMIT 1) s ON true
       LEFT JOIN ${CDR_SCHEMA}.accepted_records f ON f.cpo_party_id = x.cpo AND f.cdr_id = x.ref`,
      [
        requests.map((_, i) => i),
        r.map((c) => c.cpoPartyId),
        requests.map((q) => q.homeProviderPartyId),
        r.map((c) => c.startedAt),
        r.map((c) => c.evseId),
        r.map((c) => c.authorizationId),
        r.map((c) => c.sessionId ?? null),
        r.map((c) => sessionKeyOf(c)),
        r.map((c) => c.creditOf ?? c.revisionOf ?? null),
        r.map((c) => authorizationKeyOf(c)),
      ],
    );
    const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
    const facts = requests.map((q, i) => toFacts(q, byIndex.get(i) as FactsRow));
    // The reconciliation state of a revised record is read by the intake from its stream (revision-reconciliation.ts).
    return facts;
  }
}

function toFacts({ record, homeProviderPartyId }: CdrFactsRequest, row: FactsRow): CdrFacts {
  const reference = record.creditOf ?? record.revisionOf ?? null;
  return {
    routing: {
      emspPartyId: homeProviderPartyId,
      provider: row.provider ?? 'unknown',
      agreementId: row.agreement_id,
      negotiatedTariffId: row.negotiated_tariff_id,
      // As the webhook dispatcher finds the URL (webhookUrlOf): any not deactivated EVSP partner holding the party.
      deliveryChannel: row.evsp_webhook ? 'WEBHOOK' : 'TOPIC',
    },
    evse:
      row.evse_cpo === null
        ? null
        : { cpoPartyId: row.evse_cpo, maxPowerW: Number(row.evse_power), timeZone: row.evse_tz ?? 'UTC' },
    authorizationMode: authorizationMode(row),
    sessionClaimedBy: row.session_claimed_by,
    reference:
      reference === null
        ? null
        : {
            cdrId: reference,
            accepted: row.ref_id !== null,
            totalCost:
              row.ref_amount === null ? null : ({ amount: row.ref_amount, currency: row.ref_currency } as MoneyJson),
            creditedBy: row.ref_credited_by,
            revisedBy: row.ref_revised_by,
            emspPartyId: row.ref_emsp,
            emaid: row.ref_emaid,
          },
  };
}

/**
 * AUTHORIZED: the hub granted the record's authorizationId, or the record's session started under an authorization;
 * OFFLINE: the session is known and started offline (CPO whitelist, IEC 63119-2 UC4-2); UNAUTHORIZED: neither.
 */
function authorizationMode(row: FactsRow): CdrAuthorizationMode {
  if (row.authorized) return 'AUTHORIZED';
  if (row.session_offline === true) return 'OFFLINE';
  if (row.session_offline === false && row.session_authorization !== null) return 'AUTHORIZED';
  return 'UNAUTHORIZED';
}

/** A record this call forwarded, with the home EVSP it was routed to. */
export interface AcceptedRecord {
  readonly record: CdrRecord;
  readonly emspPartyId: string;
}

/**
 * Records an accepted record in the inline index, in the transaction of its CdrForwarded: claims its session
 * (the unique index refuses a second claim made concurrently, which rolls the transaction back to be retried), keeps
 * its contract (EMAID, home EVSP) for the corrections that will name it, and marks the record a credit or revision
 * refers to (0 rows: another correction got there first, also retried).
 */
export async function indexAcceptedRecords(sql: SqlExecutor, accepted: readonly AcceptedRecord[]): Promise<void> {
  if (accepted.length === 0) return;
  const records = accepted.map((a) => a.record);
  await sql.query(
    `INSERT INTO ${CDR_SCHEMA}.accepted_records
       (cpo_party_id, cdr_id, session_key, total_amount, currency, emsp_party_id, emaid, authorization_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[])
     ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
    [
      records.map((c) => c.cpoPartyId),
      records.map((c) => c.cdrId),
      records.map((c) => (c.creditOf || c.revisionOf ? null : sessionKeyOf(c))),
      records.map((c) => c.totalCost.amount),
      records.map((c) => c.totalCost.currency),
      accepted.map((a) => a.emspPartyId),
      records.map((c) => c.emaid),
      records.map((c) => (c.creditOf || c.revisionOf ? null : authorizationKeyOf(c))),
    ],
  );
  for (const c of records) {
    const column = c.creditOf ? 'credited_by' : c.revisionOf ? 'revised_by' : null;
    if (column === null) continue;
    // A record is corrected once (credited OR revised): a concurrent correction of the other kind also conflicts.
    const other = column === 'credited_by' ? 'revised_by' : 'credited_by';
    const { rowCount } = await sql.query(
      `UPDATE ${CDR_SCHEMA}.accepted_records SET ${column} = $3
       WHERE cpo_party_id = $1 AND cdr_id = $2 AND (${column} IS NULL OR ${column} = $3) AND ${other} IS NULL`,
      [c.cpoPartyId, c.creditOf ?? c.revisionOf, c.cdrId],
    );
    if (rowCount === 0) throw new AcceptedIndexConflict(`${c.cdrId}: its reference was taken concurrently`);
  }
}

/**
 * The second claim of a record's session (review finding 6): its authorization, also when it has a session id, so a
 * record naming the session only by one of the two keys matches an accepted record of the same CPO by either.
 */
function authorizationKeyOf(record: CdrRecord): string | null {
  return record.authorizationId ? `authorization:${record.authorizationId}` : null;
}

/** A concurrent writer claimed the same session or reference first: roll back and decide again. */
export class AcceptedIndexConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcceptedIndexConflict';
  }
}
