import type { Migration } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../../registry-view/registry-view.migrations';

/**
 * The EVSP's pull view of the CDRs forwarded to it. `arrival_seq` is assigned by the one projector in the order it
 * applies the events (the store's commit order), so "rows after this seq" is a true delta: a row never appears
 * behind a position a reader has already passed, which a global position alone would not guarantee.
 */
export const forwardedCdrsMigrations: Migration[] = [
  {
    id: 'cdr-forwarding/002-forwarded-cdrs',
    sql: `
      CREATE SCHEMA IF NOT EXISTS ${CDR_SCHEMA};
      CREATE TABLE ${CDR_SCHEMA}.forwarded_cdrs (
        arrival_seq   bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
        cpo_party_id  text        NOT NULL,
        cdr_id        text        NOT NULL,
        emsp_party_id text        NOT NULL,
        agreement_id  text        NOT NULL,
        started_at    timestamptz NOT NULL,
        forwarded_at  timestamptz NOT NULL,
        stream_name   text        NOT NULL,
        -- The CDR exactly as published (libs/contracts CdrV1).
        cdr           jsonb       NOT NULL,
        PRIMARY KEY (cpo_party_id, cdr_id)
      );
      CREATE INDEX forwarded_cdrs_emsp_arrival_idx ON ${CDR_SCHEMA}.forwarded_cdrs (emsp_party_id, arrival_seq);
    `,
  },
];
