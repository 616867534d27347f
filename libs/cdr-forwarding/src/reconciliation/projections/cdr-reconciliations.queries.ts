import { Injectable } from '@nestjs/common';
import type { CdrDisputeReasonV1, CdrReconciliationStateV1, CdrReconciliationV1 } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';

interface Row {
  cpo_party_id: string;
  cdr_id: string;
  emsp_party_id: string;
  state: CdrReconciliationStateV1;
  reason_code: CdrDisputeReasonV1 | null;
  reason: string | null;
  revision_cdr_id: string | null;
  refused_revision_cdr_id: string | null;
  revision_refused_at: Date | string | null;
  updated_at: Date | string;
}

/** Reads of `cdr.cdr_reconciliations` (written only by the cdr.reconciliations projection). */
@Injectable()
export class CdrReconciliationsQueries {
  constructor(private readonly db: Database) {}

  /**
   * Records of which the party is the CPO or the EVSP, in the given states, oldest change first; with
   * `revisionRefused`, only those that got a revision after their approval (CdrRevisionRefused), in any state.
   */
  async list(
    partyIds: readonly string[] | null,
    states: readonly CdrReconciliationStateV1[],
    limit: number,
    revisionRefused = false,
  ): Promise<CdrReconciliationV1[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${CDR_SCHEMA}.cdr_reconciliations
       WHERE (CASE WHEN $4::boolean THEN refused_revision_cdr_id IS NOT NULL ELSE state = ANY($1::text[]) END)
         AND ($2::text[] IS NULL OR cpo_party_id = ANY($2::text[]) OR emsp_party_id = ANY($2::text[]))
       ORDER BY updated_at, cpo_party_id, cdr_id LIMIT $3`,
      [states, partyIds, limit, revisionRefused],
    );
    return rows.map((row) => ({
      cdrId: row.cdr_id,
      cpoPartyId: row.cpo_party_id,
      emspPartyId: row.emsp_party_id,
      state: row.state,
      reasonCode: row.reason_code,
      reason: row.reason,
      revisionCdrId: row.revision_cdr_id,
      refusedRevisionCdrId: row.refused_revision_cdr_id ?? null,
      revisionRefusedAt: row.revision_refused_at ? new Date(row.revision_refused_at).toISOString() : null,
      updatedAt: new Date(row.updated_at).toISOString(),
    }));
  }
}
