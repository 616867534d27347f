import { Injectable, Optional } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import {
  type AuthorizationDenialReason,
  type AuthorizationMethod,
  type AuthorizationTokenType,
  type DecidedBy,
} from '../../domain';
import type { AuthorizationStatus, AuthorizationView } from './authorization.view';
import { AUTHORIZATIONS_TABLE } from './authorizations.migrations';
import { AuthorizationsProjection } from './authorizations.projection';

interface Row {
  authorization_id: string;
  status: AuthorizationStatus;
  reason: AuthorizationDenialReason | null;
  evse_id: string;
  cpo_party_id: string;
  token_uid: string;
  token_type: AuthorizationTokenType;
  emaid: string | null;
  emsp_party_id: string | null;
  agreement_id: string | null;
  allowed_services: string[] | null;
  tariff_id: string | null;
  decided_by: DecidedBy;
  method: AuthorizationMethod;
  requested_at: Date | string;
}

/** Reads the active version of the authorizations projection (`authz.authorizations` until a rebuild). */
@Injectable()
export class AuthorizationsReadModel {
  constructor(
    private readonly db: Database,
    @Optional() private readonly projection?: AuthorizationsProjection,
  ) {}

  async find(authorizationId: string): Promise<AuthorizationView | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT authorization_id, status, reason, evse_id, cpo_party_id, token_uid, token_type, emaid, emsp_party_id,
              agreement_id, allowed_services, tariff_id, decided_by, method, requested_at
       FROM ${this.projection?.table() ?? AUTHORIZATIONS_TABLE} WHERE authorization_id = $1`,
      [authorizationId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      authorizationId: row.authorization_id,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      evseId: row.evse_id,
      cpoPartyId: row.cpo_party_id,
      tokenUid: row.token_uid,
      tokenType: row.token_type,
      ...(row.emaid ? { emaid: row.emaid } : {}),
      ...(row.emsp_party_id ? { emspPartyId: row.emsp_party_id } : {}),
      ...(row.agreement_id ? { agreementId: row.agreement_id } : {}),
      ...(row.status === 'ACCEPTED' ? { allowedServices: row.allowed_services, tariffId: row.tariff_id } : {}),
      decidedBy: row.decided_by,
      method: row.method,
      requestedAt: new Date(row.requested_at).toISOString(),
    };
  }
}
