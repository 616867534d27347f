import { Injectable } from '@nestjs/common';
import type { CdrDeliveryStateV1, CdrDeliveryV1 } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';

export interface DeliveryFilter {
  state?: CdrDeliveryStateV1;
  cpoPartyIds?: readonly string[];
  emspPartyIds?: readonly string[];
  /** A party seeing both sides: rows where it is the CPO or the EVSP. */
  partyIds?: readonly string[];
  limit: number;
}

interface Row {
  cpo_party_id: string;
  cdr_id: string;
  emsp_party_id: string;
  channel: 'WEBHOOK' | 'TOPIC';
  state: CdrDeliveryStateV1;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  stalled_at: Date | string | null;
  acknowledged_at: Date | string | null;
}

/** Reads of `cdr.cdr_deliveries` (written only by the cdr.deliveries projection). */
@Injectable()
export class CdrDeliveriesQueries {
  constructor(private readonly db: Database) {}

  async list(filter: DeliveryFilter): Promise<CdrDeliveryV1[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.state) add((p) => `state = ${p}`, filter.state);
    if (filter.cpoPartyIds) add((p) => `cpo_party_id = ANY(${p}::text[])`, filter.cpoPartyIds);
    if (filter.emspPartyIds) add((p) => `emsp_party_id = ANY(${p}::text[])`, filter.emspPartyIds);
    if (filter.partyIds) {
      params.push(filter.partyIds);
      where.push(`(cpo_party_id = ANY($${params.length}::text[]) OR emsp_party_id = ANY($${params.length}::text[]))`);
    }
    params.push(filter.limit);
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${CDR_SCHEMA}.cdr_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY queued_at, cpo_party_id, cdr_id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDelivery);
  }
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toDelivery(row: Row): CdrDeliveryV1 {
  return {
    cdrId: row.cdr_id,
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    channel: row.channel,
    state: row.state,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: iso(row.next_attempt_at),
    deliveredAt: iso(row.delivered_at),
    stalledAt: iso(row.stalled_at),
    acknowledgedAt: iso(row.acknowledged_at),
  };
}
