import { Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import type { TimeoutPolicy } from '../../domain/agreement.events';
import type { AgreementStatus } from '../../domain/agreement.state';
import type { AgreementRequestView, AgreementView } from '../../features/agreement.view';

export interface AgreementPage {
  items: AgreementView[];
  nextCursor: string | null;
}

export interface AgreementListFilter {
  /** null = every agreement (operator, auditor). */
  partyIds: readonly string[] | null;
  status?: AgreementStatus;
  counterpartyId?: string;
  limit: number;
  cursor?: string;
}

interface Row {
  agreement_id: string;
  seq: string;
  cpo_party_id: string;
  emsp_party_id: string;
  status: AgreementStatus;
  valid_from: string;
  valid_until: string | null;
  tariff_id: string | null;
  timeout_policy: TimeoutPolicy;
  pending_request: AgreementRequestView | null;
}

/** Reads the agreement list projection, oldest offer first. */
@Injectable()
export class AgreementListReader {
  constructor(private readonly db: Database) {}

  async page(filter: AgreementListFilter): Promise<AgreementPage> {
    const { rows } = await this.db.query<Row>(
      `SELECT agreement_id, seq::text, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id,
              timeout_policy, pending_request
       FROM registry.agreements
       WHERE seq > $1::bigint
         AND ($2::text[] IS NULL OR cpo_party_id = ANY($2::text[]) OR emsp_party_id = ANY($2::text[]))
         AND ($3::text IS NULL OR status = $3)
         AND ($4::text IS NULL OR cpo_party_id = $4 OR emsp_party_id = $4)
       ORDER BY seq LIMIT $5`,
      [
        decodeCursor(filter.cursor),
        filter.partyIds,
        filter.status ?? null,
        filter.counterpartyId ?? null,
        filter.limit + 1,
      ],
    );
    const items = rows.slice(0, filter.limit);
    return {
      items: items.map((r) => ({
        agreementId: r.agreement_id,
        cpoPartyId: r.cpo_party_id,
        emspPartyId: r.emsp_party_id,
        status: r.status,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        tariffId: r.tariff_id,
        timeoutPolicy: r.timeout_policy,
        pendingRequest: r.pending_request,
      })),
      nextCursor: rows.length > filter.limit ? encodeCursor(items[items.length - 1].seq) : null,
    };
  }
}
