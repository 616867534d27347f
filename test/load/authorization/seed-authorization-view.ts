import { REGISTRY_VIEW_CHANNEL } from '@roaming/authorization';
import { generateApiKey } from '@roaming/platform';
import { Client } from 'pg';

export interface SeededWorld {
  cpoPartyId: string;
  cpoKey: string;
  /** How many tokens were registered: uids are `tokenUid(1..tokens)`. */
  tokens: number;
  providers: string[];
}

/** The providers the tokens are spread over, each with an active agreement with the benchmark CPO. */
const PROVIDERS = Array.from({ length: 10 }, (_, i) => `DEE${String(i).padStart(2, '0')}`);
const CPO = 'DEBCP';

/** The RFID uid of the i-th registered token (7 bytes, as an ISO 14443 double-size UID). */
export function tokenUid(i: number): string {
  return `04${i.toString(16).toUpperCase().padStart(12, '0')}`;
}

/**
 * Fills the authorization context's view of the registry directly with SQL (the benchmark's setup, not what it
 * measures): a CPO with an API key, ten EVSPs with active agreements, and `tokens` RFID tokens spread over them,
 * one in fifty blocked. Generated inside PostgreSQL (generate_series), so a million rows take seconds, then ANALYZEd
 * so the planner sees the table as production would. The contract ids are synthetic (not check-digit valid): the
 * view stores what the registry sends and the decision never re-parses them.
 */
export async function seedAuthorizationView(databaseUrl: string, tokens: number): Promise<SeededWorld> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { key, keyId, keyHash } = generateApiKey();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO authz.partners (partner_id, party_ids, roles, status) VALUES ('bench-cpo', $1::text[], '{cpo}', 'active')
       ON CONFLICT (partner_id) DO NOTHING`,
      [[CPO]],
    );
    await client.query(
      `INSERT INTO authz.partner_credentials (key_hash, key_id, partner_id, party_ids, roles, status)
       VALUES ($1, $2, 'bench-cpo', $3::text[], '{cpo}', 'active')`,
      [keyHash, keyId, [CPO]],
    );
    for (const [i, party] of PROVIDERS.entries()) {
      await client.query(
        `INSERT INTO authz.partners (partner_id, party_ids, roles, status) VALUES ($1, $2::text[], '{emsp}', 'active')
         ON CONFLICT (partner_id) DO NOTHING`,
        [`bench-emsp-${i}`, [party]],
      );
      await client.query(
        `INSERT INTO authz.agreements (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until,
           tariff_id, timeout_policy)
         VALUES ($1, $2, $3, 'active', '2020-01-01T00:00:00Z', NULL, $4, 'deny') ON CONFLICT DO NOTHING`,
        [`bench-agreement-${i}`, CPO, party, `bench-tariff-${i}`],
      );
    }
    await client.query(
      `INSERT INTO authz.tokens (token_type, token_uid, emaid, emsp_party_id, status, valid_until, allowed_services,
         allow_offline)
       SELECT 'RFID', '04' || lpad(upper(to_hex(i)), 12, '0'),
              providers[1 + i % 10] || 'C' || lpad(upper(to_hex(i)), 8, '0') || 'X',
              providers[1 + i % 10],
              CASE WHEN i % 50 = 0 THEN 'blocked' ELSE 'active' END, NULL, NULL, false
       FROM generate_series(1, $1::int) AS i, (SELECT $2::text[] AS providers) p
       ON CONFLICT DO NOTHING`,
      [tokens, PROVIDERS],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE authz.tokens; ANALYZE authz.agreements; ANALYZE authz.partners');
    // Written by SQL, not through the consumer: a running app's replica must load the view again.
    await client.query(`SELECT pg_notify($1, '{"all":true}')`, [REGISTRY_VIEW_CHANNEL]);
    return { cpoPartyId: CPO, cpoKey: key, tokens, providers: PROVIDERS };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
