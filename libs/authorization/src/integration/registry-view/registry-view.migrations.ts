import type { Migration } from '@roaming/event-store';

/**
 * The authorization context's own copy of what the contract registry publishes (ARCHITECTURE.md §2: no context
 * reads another's tables). Rows carry the latest fact per partner, agreement and token; each registry message states
 * the whole current state of its entity, so an upsert is idempotent.
 */
export const registryViewMigrations: Migration[] = [
  {
    id: 'authz/001-registry-view',
    sql: `
      CREATE SCHEMA IF NOT EXISTS authz;

      CREATE TABLE authz.partners (
        partner_id text        PRIMARY KEY,
        party_ids  text[]      NOT NULL DEFAULT '{}',
        roles      text[]      NOT NULL DEFAULT '{}',
        status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deactivated')),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX partners_party_ids_idx ON authz.partners USING gin (party_ids);

      CREATE TABLE authz.agreements (
        agreement_id  text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL CHECK (status IN ('offered', 'active', 'suspended', 'terminated')),
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agreements_parties_idx ON authz.agreements (cpo_party_id, emsp_party_id);

      CREATE TABLE authz.tokens (
        token_type    text        NOT NULL CHECK (token_type IN ('RFID', 'APP', 'PLUG_AND_CHARGE')),
        token_uid     text        NOT NULL,
        emaid         text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL CHECK (status IN ('active', 'blocked', 'expired', 'stolen', 'deactivated')),
        valid_until   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_type, token_uid)
      );
    `,
  },
  {
    // Local start in full (GeM 981/982, IEC 63119-2 UC4-1/UC4-2): the services a contract allows, its offline
    // whitelisting, the negotiated tariff and timeout policy of an agreement, the partners' endpoints; and a
    // lookup by contract id for tokens presented as an eMA id.
    id: 'authz/003-registry-view-terms-and-endpoints',
    sql: `
      ALTER TABLE authz.tokens
        ADD COLUMN allowed_services text[],
        ADD COLUMN allow_offline    boolean NOT NULL DEFAULT false;
      CREATE INDEX tokens_emaid_idx ON authz.tokens (emaid);

      ALTER TABLE authz.agreements
        ADD COLUMN tariff_id      text,
        ADD COLUMN timeout_policy text NOT NULL DEFAULT 'deny' CHECK (timeout_policy IN ('deny', 'allow-offline'));

      ALTER TABLE authz.partners
        ADD COLUMN authorization_url        text,
        ADD COLUMN contracts_at_hub         boolean NOT NULL DEFAULT true,
        ADD COLUMN authorization_timeout_ms integer,
        ADD COLUMN command_url              text;
    `,
  },
  {
    // The hot path's lookup (RegistryViewRepository.lookUp) as a function, so that each session plans it once
    // instead of for every batch. One row per request, numbered by its position (1-based): `t` the token rows the
    // request matches (by token, or by contract id), its provider the newest of those tokens' provider, else the one
    // the contract id names; then the agreements between the EVSE's operator and that provider, and the partners
    // acting for the provider. Every part is an index lookup per request, so the cost does not grow with the number
    // of tokens. A change to the lookup is a new migration that replaces the function.
    id: 'authz/007-registry-lookup-function',
    sql: `
      CREATE OR REPLACE FUNCTION authz.look_up_registry(
        kinds text[], types text[], keys text[], cpos text[], named_parties text[])
      RETURNS TABLE (i bigint, emsp_party_id text, tokens json, agreements json, providers json)
      LANGUAGE plpgsql STABLE AS $lookup$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        SELECT q.i, pp.party, t.tokens, ag.agreements, pr.providers
        FROM unnest(kinds, types, keys, cpos, named_parties) WITH ORDINALITY AS q(kind, type, key, cpo, named_party, i)
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('token_type', x.token_type, 'token_uid', x.token_uid,
              'emaid', x.emaid, 'emsp_party_id', x.emsp_party_id, 'status', x.status, 'valid_until', x.valid_until,
              'allowed_services', x.allowed_services, 'allow_offline', x.allow_offline, 'updated_at', x.updated_at)),
              '[]'::json) AS tokens,
            (array_agg(x.emsp_party_id ORDER BY x.updated_at DESC))[1] AS newest_party
          FROM (
            SELECT tk.* FROM authz.tokens tk
              WHERE q.kind = 'token' AND tk.token_type = q.type AND tk.token_uid = q.key
            UNION ALL
            SELECT tk.* FROM authz.tokens tk WHERE q.kind = 'contract' AND tk.emaid = q.key
          ) x
        ) t
        CROSS JOIN LATERAL (SELECT coalesce(t.newest_party, q.named_party) AS party) pp
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(a ORDER BY a.valid_from, a.agreement_id), '[]'::json) AS agreements
          FROM authz.agreements a WHERE a.cpo_party_id = q.cpo AND a.emsp_party_id = pp.party
        ) ag
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('status', r.status, 'contracts_at_hub', r.contracts_at_hub,
              'authorization_url', r.authorization_url, 'timeout_ms', r.authorization_timeout_ms)), '[]'::json)
              AS providers
          FROM authz.partners r WHERE r.party_ids @> ARRAY[pp.party]
        ) pr;
      END
      $lookup$;
    `,
  },
  {
    // Lookups are answered from each process's replica of these tables (RegistryReplica), so the function that
    // answered them in SQL has no caller left.
    id: 'authz/008-drop-registry-lookup-function',
    sql: `DROP FUNCTION IF EXISTS authz.look_up_registry(text[], text[], text[], text[], text[]);`,
  },
];
