import type { Migration } from '@roaming/event-store';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

/**
 * The views CDR intake validates against (issue 5 part A), each built here from another context's topic or inline:
 * - `evses`: station-management.events.v1 SitePublished/SiteWithdrawn (operator, rated power, site time zone);
 * - `known_authorizations` / `known_sessions`: authorization.events.v1 (AuthorizationGranted, SessionStarted), to
 *   mark a record AUTHORIZED, OFFLINE or UNAUTHORIZED (GeM 1512);
 * - `accepted_records`: written in the SAME transaction as the CdrForwarded append (an inline uniqueness index,
 *   house style §8): one accepted final record per session (unique index), and the targets of credits/revisions.
 */
export const intakeViewsMigrations: Migration[] = [
  {
    id: 'cdr-forwarding/010-intake-views',
    sql: `
      CREATE SCHEMA IF NOT EXISTS ${CDR_SCHEMA};
      CREATE TABLE ${CDR_SCHEMA}.evses (
        evse_id       text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        site_id       text        NOT NULL,
        max_power_w   integer     NOT NULL,
        time_zone     text        NOT NULL,
        status        text        NOT NULL,
        site_updated_at timestamptz NOT NULL
      );
      CREATE TABLE ${CDR_SCHEMA}.known_authorizations (
        authorization_id text      PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        evse_id       text        NOT NULL
      );
      CREATE TABLE ${CDR_SCHEMA}.known_sessions (
        session_id    text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        cpo_session_id text       NOT NULL,
        authorization_id text,
        offline       boolean     NOT NULL
      );
      CREATE INDEX known_sessions_cpo_idx ON ${CDR_SCHEMA}.known_sessions (cpo_party_id, cpo_session_id);
      CREATE TABLE ${CDR_SCHEMA}.accepted_records (
        cpo_party_id  text        NOT NULL,
        cdr_id        text        NOT NULL,
        -- 'session:<id>' or 'authorization:<id>'; null for credits, revisions and records naming no session.
        session_key   text,
        total_amount  text        NOT NULL,
        currency      text        NOT NULL,
        credited_by   text,
        revised_by    text,
        PRIMARY KEY (cpo_party_id, cdr_id)
      );
      CREATE UNIQUE INDEX accepted_records_session_uq ON ${CDR_SCHEMA}.accepted_records (cpo_party_id, session_key)
        WHERE session_key IS NOT NULL;
    `,
  },
  {
    // The price check (IEC 63119 6.4.2): the CPO's published tariff versions and each agreement's negotiated tariff,
    // from contract-registry.events.v1 (TariffPublished, RoamingAgreementStatusChanged.tariffId).
    id: 'cdr-forwarding/011-tariff-view',
    sql: `
      CREATE TABLE ${CDR_SCHEMA}.registry_tariffs (
        cpo_party_id  text        NOT NULL,
        tariff_id     text        NOT NULL,
        version       integer     NOT NULL,
        audience      text        NOT NULL,
        valid_from    timestamptz NOT NULL,
        tariff        jsonb       NOT NULL,
        PRIMARY KEY (cpo_party_id, tariff_id, version)
      );
      ALTER TABLE ${CDR_SCHEMA}.registry_agreements ADD COLUMN negotiated_tariff_id text;
    `,
  },
  {
    // Review finding 3: a credit or revision is for the same contract as the record it names, so the index keeps
    // each accepted record's EMAID and home EVSP (null for records accepted before: not compared).
    id: 'cdr-forwarding/012-accepted-records-contract',
    sql: `
      ALTER TABLE ${CDR_SCHEMA}.accepted_records ADD COLUMN emsp_party_id text, ADD COLUMN emaid text;
    `,
  },
  {
    // Review finding 6: a record claims its session by session id AND by authorization (each unique per CPO), so a
    // later record naming only one of them is the same session. Older rows claimed one key (session_key); the
    // authorization-only ones are carried over, a session-id row's authorization was not kept and stays unclaimed.
    id: 'cdr-forwarding/013-accepted-records-authorization-claim',
    sql: `
      ALTER TABLE ${CDR_SCHEMA}.accepted_records ADD COLUMN authorization_key text;
      UPDATE ${CDR_SCHEMA}.accepted_records SET authorization_key = session_key
        WHERE session_key LIKE 'authorization:%';
      CREATE UNIQUE INDEX accepted_records_authorization_uq
        ON ${CDR_SCHEMA}.accepted_records (cpo_party_id, authorization_key) WHERE authorization_key IS NOT NULL;
    `,
  },
];
