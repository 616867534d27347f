import type { Migration } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';

/** `cdr.cdr_reconciliations`: one row per forwarded record and its reconciliation state (OCHP states). */
export const cdrReconciliationsMigrations: Migration[] = [
  {
    id: 'cdr-forwarding/reconciliation-001-cdr-reconciliations',
    sql: `
      CREATE TABLE ${CDR_SCHEMA}.cdr_reconciliations (
        cpo_party_id    text        NOT NULL,
        cdr_id          text        NOT NULL,
        emsp_party_id   text        NOT NULL,
        state           text        NOT NULL CHECK (state IN ('OPEN', 'APPROVED', 'DECLINED', 'REJECTED', 'REVISED')),
        reason_code     text,
        reason          text,
        revision_cdr_id text,
        disputed        boolean     NOT NULL DEFAULT false,
        updated_at      timestamptz NOT NULL,
        stream_position bigint      NOT NULL,
        PRIMARY KEY (cpo_party_id, cdr_id)
      );
      CREATE INDEX cdr_reconciliations_state_idx ON ${CDR_SCHEMA}.cdr_reconciliations (state, updated_at);
    `,
  },
  {
    // Review finding 10: a revision that arrived after the approval (CdrRevisionRefused), listed for the operator.
    id: 'cdr-forwarding/reconciliation-002-refused-revisions',
    sql: `
      ALTER TABLE ${CDR_SCHEMA}.cdr_reconciliations ADD COLUMN refused_revision_cdr_id text;
      ALTER TABLE ${CDR_SCHEMA}.cdr_reconciliations ADD COLUMN revision_refused_at timestamptz;
      CREATE INDEX cdr_reconciliations_refused_idx ON ${CDR_SCHEMA}.cdr_reconciliations (revision_refused_at)
        WHERE refused_revision_cdr_id IS NOT NULL;
    `,
  },
];
