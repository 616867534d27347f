import type { RecordedEvent, SqlExecutor } from '@roaming/event-store';
import { AUTHORIZATIONS_TABLE } from './authorizations.migrations';
import type { AuthorizationEvent } from '../../domain';

/** The row one decision event becomes. */
export interface AuthorizationRow {
  authorizationId: string;
  status: 'ACCEPTED' | 'DENIED';
  reason: string | null;
  evseId: string;
  cpoPartyId: string;
  tokenUid: string;
  tokenType: string;
  emaid: string | null;
  emspPartyId: string | null;
  agreementId: string | null;
  allowedServices: string[] | null;
  tariffId: string | null;
  decidedBy: string;
  method: string;
  /** The partner whose request it was (the event's actor). */
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string;
  globalPosition: string;
}

/** Pure: the read-model row of a decision event, or undefined for events this projection does not show. */
export function authorizationRow(event: RecordedEvent): AuthorizationRow | undefined {
  const known = { type: event.type, data: event.data } as AuthorizationEvent;
  const common = {
    requestedBy: typeof event.metadata.actor === 'string' ? event.metadata.actor : null,
    decidedAt: event.recordedAt,
    globalPosition: event.globalPosition,
    // Events recorded before these fields existed were hub decisions on local starts.
    decidedBy: known.data.decidedBy ?? 'hub',
    method: known.data.method ?? 'LOCAL',
  };
  switch (known.type) {
    case 'AuthorizationGranted': {
      const d = known.data;
      return {
        ...common,
        authorizationId: d.authorizationId,
        status: 'ACCEPTED',
        reason: null,
        evseId: d.evseId,
        cpoPartyId: d.cpoPartyId,
        tokenUid: d.tokenUid,
        tokenType: d.tokenType,
        emaid: d.emaid,
        emspPartyId: d.emspPartyId,
        agreementId: d.agreementId,
        allowedServices: d.allowedServices ?? null,
        tariffId: d.tariffId ?? null,
        requestedAt: d.requestedAt,
      };
    }
    case 'AuthorizationDenied': {
      const d = known.data;
      return {
        ...common,
        authorizationId: d.authorizationId,
        status: 'DENIED',
        reason: d.reason,
        evseId: d.evseId,
        cpoPartyId: d.cpoPartyId,
        tokenUid: d.tokenUid,
        tokenType: d.tokenType,
        emaid: null,
        emspPartyId: d.emspPartyId,
        agreementId: null,
        allowedServices: null,
        tariffId: null,
        requestedAt: d.requestedAt,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Writes a batch in the processor's checkpoint transaction, all its rows in one statement (the decisions of a busy
 * hub arrive by the thousand per second). An authorization is decided once, so a row is only ever inserted; a batch
 * handled again after a crash finds its rows and leaves them as they are.
 */
export async function projectAuthorizations(
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
  /** The table of the projection version being written (a rebuild writes a new one). */
  table = AUTHORIZATIONS_TABLE,
): Promise<void> {
  const rows = events.map(authorizationRow).filter((row): row is AuthorizationRow => row !== undefined);
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (authorization_id, status, reason, evse_id, cpo_party_id, token_uid, token_type,
       emaid, emsp_party_id, agreement_id, requested_by, requested_at, decided_at, global_position, allowed_services,
       tariff_id, decided_by, method)
     SELECT x."authorizationId", x.status, x.reason, x."evseId", x."cpoPartyId", x."tokenUid", x."tokenType", x.emaid,
       x."emspPartyId", x."agreementId", x."requestedBy", x."requestedAt", x."decidedAt", x."globalPosition",
       x."allowedServices", x."tariffId", x."decidedBy", x.method
     FROM jsonb_to_recordset($1::jsonb) AS x("authorizationId" text, status text, reason text, "evseId" text,
       "cpoPartyId" text, "tokenUid" text, "tokenType" text, emaid text, "emspPartyId" text, "agreementId" text,
       "requestedBy" text, "requestedAt" timestamptz, "decidedAt" timestamptz, "globalPosition" bigint,
       "allowedServices" text[], "tariffId" text, "decidedBy" text, method text)
     ON CONFLICT (authorization_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
