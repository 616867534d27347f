import { Injectable } from '@nestjs/common';
import type { CdrInventoryLineV1, CdrInventoryV1 } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

export interface InventoryFilter {
  /** Rows where one of these parties is the CPO or the EVSP (a partner's own view); null = all (operator). */
  partyIds: readonly string[] | null;
  cpoPartyId?: string;
  emspPartyId?: string;
  /** The other party of the pair, for a partner's view. */
  counterparty?: string;
  /** Received at or after `from`, before `to` (ISO-8601). */
  from?: string;
  to?: string;
}

interface Row {
  cpo_party_id: string;
  emsp_party_id: string;
  received: string;
  accepted: string;
  rejected: string;
  delivered: string;
  pending: string;
  acknowledged: string;
  disputed: string;
  amounts: { currency: string; amount: string }[] | null;
}

/**
 * The inventory per partner pair and period (IEC 63119-2 SDR reconciliation), counted from `cdr.cdr_inventory`.
 * Delivered counts every record that reached its EVSP, pending the accepted ones that did not yet: if the two
 * projections ever disagreed (a delivery without an accepted record), `accepted = delivered + pending` fails.
 */
@Injectable()
export class CdrInventoryQueries {
  constructor(private readonly db: Database) {}

  async inventory(filter: InventoryFilter): Promise<CdrInventoryV1> {
    const { rows } = await this.db.query<Row>(
      `WITH r AS (
         SELECT * FROM ${CDR_SCHEMA}.cdr_inventory
         WHERE ($1::text[] IS NULL OR cpo_party_id = ANY($1::text[]) OR emsp_party_id = ANY($1::text[]))
           AND ($2::text IS NULL OR cpo_party_id = $2)
           AND ($3::text IS NULL OR emsp_party_id = $3)
           AND ($4::text IS NULL OR cpo_party_id = $4 OR emsp_party_id = $4)
           AND ($5::timestamptz IS NULL OR received_at >= $5::timestamptz)
           AND ($6::timestamptz IS NULL OR received_at < $6::timestamptz)
       ), sums AS (
         SELECT cpo_party_id, coalesce(emsp_party_id, '') AS emsp_party_id,
                json_agg(json_build_object('currency', currency, 'amount', total::text) ORDER BY currency) AS amounts
         FROM (SELECT cpo_party_id, emsp_party_id, currency, sum(amount) AS total FROM r
               WHERE outcome = 'ACCEPTED' GROUP BY 1, 2, 3) s
         GROUP BY 1, 2
       )
       SELECT c.cpo_party_id, c.emsp_party_id, c.received, c.accepted, c.rejected, c.delivered, c.pending,
              c.acknowledged, c.disputed, sums.amounts
       FROM (
         SELECT cpo_party_id, coalesce(emsp_party_id, '') AS emsp_party_id,
                count(*)::text AS received,
                count(*) FILTER (WHERE outcome = 'ACCEPTED')::text AS accepted,
                count(*) FILTER (WHERE outcome = 'REJECTED')::text AS rejected,
                count(*) FILTER (WHERE delivered)::text AS delivered,
                count(*) FILTER (WHERE outcome = 'ACCEPTED' AND NOT delivered)::text AS pending,
                count(*) FILTER (WHERE acknowledged)::text AS acknowledged,
                count(*) FILTER (WHERE disputed)::text AS disputed
         FROM r GROUP BY 1, 2
       ) c LEFT JOIN sums USING (cpo_party_id, emsp_party_id)
       ORDER BY c.cpo_party_id, c.emsp_party_id`,
      [
        filter.partyIds,
        filter.cpoPartyId ?? null,
        filter.emspPartyId ?? null,
        filter.counterparty ?? null,
        filter.from ?? null,
        filter.to ?? null,
      ],
    );
    return { from: filter.from ?? null, to: filter.to ?? null, lines: rows.map(toLine) };
  }
}

function toLine(row: Row): CdrInventoryLineV1 {
  const n = (value: string) => Number(value);
  const line = {
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    received: n(row.received),
    accepted: n(row.accepted),
    rejected: n(row.rejected),
    delivered: n(row.delivered),
    pending: n(row.pending),
    acknowledged: n(row.acknowledged),
    disputed: n(row.disputed),
    acceptedAmounts: row.amounts ?? [],
  };
  return {
    ...line,
    balanced: {
      receivedEqualsAcceptedPlusRejected: line.received === line.accepted + line.rejected,
      acceptedEqualsDeliveredPlusPending: line.accepted === line.delivered + line.pending,
    },
  };
}
