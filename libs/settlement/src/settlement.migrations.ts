import type { Migration } from '@roaming/event-store';

/**
 * Everything in schema `settlement`, in order.
 *
 * - `agreements`, `tariff_versions`: this context's copy of the registry (RoamingAgreementStatusChanged,
 *   TariffPublished), kept by the registry view consumer.
 * - `statements`, `statement_lines`: inline projections written in the transaction of the event they come from
 *   (RecordPriced carries its statement id and lines; StatementClosed its totals). A record and a close lock the same
 *   `statements` row, so a line is either in a statement before it closes or goes to the next open period: the close
 *   sums the lines in SQL instead of replaying a million events in JS.
 * - `parked_records`: records waiting for a tariff or agreement, re-priced when one arrives.
 * - `agreement_versions`: every RoamingAgreementStatusChanged of an agreement (keyed by its occurredAt), so a record
 *   is priced under the negotiated tariff the agreement had at its session start, not the latest one. Rebuildable
 *   from the topic (inserts are idempotent); 003 seeds it from `agreements` for databases that existed before.
 */
export const settlementMigrations: readonly Migration[] = [
  {
    id: 'settlement/001-views-and-statements',
    sql: `
      CREATE SCHEMA IF NOT EXISTS settlement;
      CREATE TABLE settlement.agreements (
        agreement_id  text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL,
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        tariff_id     text,
        ever_active   boolean     NOT NULL DEFAULT false,
        status_at     timestamptz NOT NULL
      );
      CREATE INDEX agreements_pair_idx ON settlement.agreements (cpo_party_id, emsp_party_id);
      CREATE TABLE settlement.tariff_versions (
        cpo_party_id text        NOT NULL,
        tariff_id    text        NOT NULL,
        version      integer     NOT NULL,
        audience     text        NOT NULL,
        valid_from   timestamptz NOT NULL,
        tariff       jsonb       NOT NULL,
        PRIMARY KEY (cpo_party_id, tariff_id, version)
      );
      CREATE TABLE settlement.statements (
        statement_id  text        PRIMARY KEY,
        agreement_id  text        NOT NULL,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        period_type   text        NOT NULL,
        period_start  timestamptz NOT NULL,
        period_end    timestamptz NOT NULL,
        status        text        NOT NULL DEFAULT 'OPEN',
        closed_at     timestamptz,
        closed_by     text,
        totals        jsonb,
        fees          jsonb,
        line_count    integer,
        digest        text,
        invoice_number text
      );
      CREATE INDEX statements_due_idx ON settlement.statements (status, period_end);
      CREATE INDEX statements_cpo_idx ON settlement.statements (cpo_party_id);
      CREATE INDEX statements_emsp_idx ON settlement.statements (emsp_party_id);
      CREATE TABLE settlement.statement_lines (
        line_id          text        PRIMARY KEY,
        statement_id     text        NOT NULL,
        record_id        text        NOT NULL,
        cdr_id           text        NOT NULL,
        kind             text        NOT NULL,
        reference        text,
        home_statement_id text,
        session_start    timestamptz NOT NULL,
        energy_wh        numeric     NOT NULL,
        currency         text        NOT NULL,
        amount_excl_vat  numeric     NOT NULL,
        vat              numeric     NOT NULL,
        amount_incl_vat  numeric     NOT NULL
      );
      CREATE INDEX statement_lines_statement_idx ON settlement.statement_lines (statement_id);
      CREATE TABLE settlement.parked_records (
        record_id     text        PRIMARY KEY,
        cdr_id        text        NOT NULL,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        reason        text        NOT NULL,
        detail        text        NOT NULL,
        parked_at     timestamptz NOT NULL
      );
      CREATE INDEX parked_records_cpo_idx ON settlement.parked_records (cpo_party_id);
    `,
  },
  // Invoices and credit notes: the inline projection of the invoice books (written in the append's transaction).
  {
    id: 'settlement/002-invoices',
    sql: `
      CREATE TABLE settlement.invoices (
        invoice_number     text    PRIMARY KEY,
        document_type      text    NOT NULL,
        issuer_party_id    text    NOT NULL,
        recipient_party_id text    NOT NULL,
        statement_id       text    NOT NULL,
        issue_date         date    NOT NULL,
        credited_by        text,
        document           jsonb   NOT NULL
      );
      CREATE INDEX invoices_issuer_idx ON settlement.invoices (issuer_party_id);
      CREATE INDEX invoices_recipient_idx ON settlement.invoices (recipient_party_id);
    `,
  },
  // The agreement's history (review finding 9): additive; the latest state stays in `agreements`.
  {
    id: 'settlement/003-agreement-versions',
    sql: `
      CREATE TABLE settlement.agreement_versions (
        agreement_id  text        NOT NULL,
        occurred_at   timestamptz NOT NULL,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL,
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        tariff_id     text,
        PRIMARY KEY (agreement_id, occurred_at)
      );
      INSERT INTO settlement.agreement_versions
        (agreement_id, occurred_at, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id)
      SELECT agreement_id, status_at, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id
      FROM settlement.agreements;
    `,
  },
];
