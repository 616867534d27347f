import { asDomainEvent, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { statusAfter } from '../../../agreement/domain/agreement-status';
import type { AgreementEvent } from '../../../agreement/domain/agreement.events';
import { AGREEMENT_CATEGORY } from '../../../agreement/domain/agreement.stream';
import type { ContractBookEvent } from '../../domain/ev-contract.events';
import { tokenFactsOf } from '../../domain/token-facts';

export const WHITELIST_PROCESSOR_ID = 'contract-registry:whitelist:v1';

const TOKEN_COLUMNS = 'token_type, emaid, status, valid_until, allowed_services, allow_offline';
const FROM_FACTS = `jsonb_to_recordset($1::jsonb) AS t(emsp text, uid text, token_type text, emaid text, status text,
  valid_until timestamptz, allowed_services jsonb, allow_offline boolean, idx integer)`;
const SET_TOKEN = `token_type = EXCLUDED.token_type, emaid = EXCLUDED.emaid, status = EXCLUDED.status,
  valid_until = EXCLUDED.valid_until, allowed_services = EXCLUDED.allowed_services,
  allow_offline = EXCLUDED.allow_offline`;

/**
 * Applies contract and agreement events to the whitelists, in the processor's checkpoint transaction (so a batch
 * handled again after a crash finds nothing half done). A token change updates the token and its row in the
 * whitelist of every CPO whose agreement with the EVSP is active; an agreement becoming active puts all the EVSP's
 * tokens on the CPO's whitelist, and one ending marks them no longer covered. Every row touched takes the position
 * of the event, so "changed since a position" is a range scan, and a block is a change like any other.
 */
export async function projectWhitelist(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    if (recorded.category === AGREEMENT_CATEGORY)
      await applyAgreement(asDomainEvent<AgreementEvent>(recorded), recorded, tx);
    else await applyTokens(asDomainEvent<ContractBookEvent>(recorded), recorded, tx);
  }
}

async function applyTokens(event: ContractBookEvent, at: RecordedEvent, tx: SqlExecutor): Promise<void> {
  const facts = tokenFactsOf(event).map((f, idx) => ({
    emsp: f.emspPartyId,
    uid: f.uid,
    token_type: f.tokenType,
    emaid: f.emaid,
    status: f.status,
    valid_until: f.validUntil,
    allowed_services: f.allowedServices,
    allow_offline: f.allowOffline,
    idx,
  }));
  if (facts.length === 0) return;
  const json = JSON.stringify(facts);
  await tx.query(
    `INSERT INTO registry.whitelist_tokens (emsp_party_id, uid, ${TOKEN_COLUMNS})
     SELECT t.emsp, t.uid, t.token_type, t.emaid, t.status, t.valid_until, t.allowed_services, t.allow_offline
     FROM ${FROM_FACTS}
     ON CONFLICT (emsp_party_id, uid) DO UPDATE SET ${SET_TOKEN}`,
    [json],
  );
  await tx.query(
    `INSERT INTO registry.cpo_whitelist (cpo_party_id, emsp_party_id, uid, ${TOKEN_COLUMNS}, covered, tx, gp, idx)
     SELECT c.cpo_party_id, t.emsp, t.uid, t.token_type, t.emaid, t.status, t.valid_until, t.allowed_services,
            t.allow_offline, true, $2::xid8, $3::bigint, t.idx
     FROM ${FROM_FACTS}
     JOIN (SELECT DISTINCT cpo_party_id, emsp_party_id FROM registry.whitelist_coverage) c ON c.emsp_party_id = t.emsp
     ON CONFLICT (cpo_party_id, emsp_party_id, uid) DO UPDATE
       SET ${SET_TOKEN}, covered = true, tx = EXCLUDED.tx, gp = EXCLUDED.gp, idx = EXCLUDED.idx`,
    [json, at.transactionId, at.globalPosition],
  );
}

async function applyAgreement(event: AgreementEvent, at: RecordedEvent, tx: SqlExecutor): Promise<void> {
  const status = statusAfter(event);
  if (status === undefined) return;
  const { agreementId, cpoPartyId, emspPartyId } = event.data as {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
  };
  const covered = async () =>
    (
      await tx.query(
        `SELECT 1 FROM registry.whitelist_coverage WHERE cpo_party_id = $1 AND emsp_party_id = $2 LIMIT 1`,
        [cpoPartyId, emspPartyId],
      )
    ).rowCount > 0;
  const before = await covered();
  // A suspended agreement "will not be taken in account" (GeM 1469): only an active one covers the EVSP's tokens.
  if (status === 'active') {
    await tx.query(
      `INSERT INTO registry.whitelist_coverage (agreement_id, cpo_party_id, emsp_party_id) VALUES ($1, $2, $3)
       ON CONFLICT (agreement_id) DO NOTHING`,
      [agreementId, cpoPartyId, emspPartyId],
    );
  } else {
    await tx.query(`DELETE FROM registry.whitelist_coverage WHERE agreement_id = $1`, [agreementId]);
  }
  const after = await covered();
  const position = [cpoPartyId, emspPartyId, at.transactionId, at.globalPosition];
  if (!before && after) {
    await tx.query(
      `INSERT INTO registry.cpo_whitelist (cpo_party_id, emsp_party_id, uid, ${TOKEN_COLUMNS}, covered, tx, gp, idx)
       SELECT $1, t.emsp_party_id, t.uid, t.token_type, t.emaid, t.status, t.valid_until, t.allowed_services,
              t.allow_offline, true, $3::xid8, $4::bigint, (row_number() OVER (ORDER BY t.uid))::integer - 1
       FROM registry.whitelist_tokens t WHERE t.emsp_party_id = $2
       ON CONFLICT (cpo_party_id, emsp_party_id, uid) DO UPDATE
         SET ${SET_TOKEN}, covered = true, tx = EXCLUDED.tx, gp = EXCLUDED.gp, idx = EXCLUDED.idx`,
      position,
    );
  } else if (before && !after) {
    await tx.query(
      `UPDATE registry.cpo_whitelist w SET covered = false, tx = $3::xid8, gp = $4::bigint, idx = s.n
       FROM (SELECT uid, (row_number() OVER (ORDER BY uid))::integer - 1 AS n FROM registry.cpo_whitelist
             WHERE cpo_party_id = $1 AND emsp_party_id = $2) s
       WHERE w.cpo_party_id = $1 AND w.emsp_party_id = $2 AND w.uid = s.uid`,
      position,
    );
  }
}
