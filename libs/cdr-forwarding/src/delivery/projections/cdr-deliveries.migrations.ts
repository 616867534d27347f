import { deadlineMigrations, type Migration } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';

/**
 * `cdr.cdr_deliveries`: one row per forwarded record, its webhook delivery and acknowledgement (owned by the
 * cdr.deliveries projection); `cdr.deadlines`: the due attempts (the event store's deadline table), derived by the
 * same projection so that no timer lives only in memory.
 */
export const cdrDeliveriesMigrations: Migration[] = [
  ...deadlineMigrations(CDR_SCHEMA),
  {
    id: 'cdr-forwarding/delivery-001-cdr-deliveries',
    sql: `
      CREATE TABLE ${CDR_SCHEMA}.cdr_deliveries (
        cpo_party_id    text        NOT NULL,
        cdr_id          text        NOT NULL,
        emsp_party_id   text        NOT NULL,
        channel         text        NOT NULL CHECK (channel IN ('WEBHOOK', 'TOPIC')),
        state           text        NOT NULL CHECK (state IN ('PENDING', 'RETRYING', 'DELIVERED', 'UNDELIVERED')),
        attempts        integer     NOT NULL DEFAULT 0,
        last_error      text,
        queued_at       timestamptz NOT NULL,
        next_attempt_at timestamptz,
        delivered_at    timestamptz,
        stalled_at      timestamptz,
        acknowledged_at timestamptz,
        stream_position bigint      NOT NULL,
        PRIMARY KEY (cpo_party_id, cdr_id)
      );
      CREATE INDEX cdr_deliveries_state_idx ON ${CDR_SCHEMA}.cdr_deliveries (state, queued_at);
      CREATE INDEX cdr_deliveries_emsp_idx ON ${CDR_SCHEMA}.cdr_deliveries (emsp_party_id, state);
    `,
  },
  {
    // The due attempts of one EVSP, pulled forward together when its webhook answers again.
    id: 'cdr-forwarding/delivery-002-deadlines-by-evsp',
    sql: `CREATE INDEX deadlines_kind_due_idx ON ${CDR_SCHEMA}.deadlines (kind, due_at);`,
  },
  {
    // Forwarding order per EVSP (review finding 12a): the global position of CdrDeliveryQueued. A record is not
    // attempted while an older one of the same EVSP is PENDING or RETRYING. Older rows keep NULL (read as 0: first).
    id: 'cdr-forwarding/delivery-003-queue-position',
    sql: `
      ALTER TABLE ${CDR_SCHEMA}.cdr_deliveries ADD COLUMN queue_position bigint;
      CREATE INDEX cdr_deliveries_evsp_queue_idx ON ${CDR_SCHEMA}.cdr_deliveries (emsp_party_id, queue_position)
        WHERE channel = 'WEBHOOK' AND state <> 'DELIVERED';
    `,
  },
];
