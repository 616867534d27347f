import { Injectable } from '@nestjs/common';
import type { CdrV1 } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../../registry-view/registry-view.migrations';
import { decodeCdrCursor, encodeCdrCursor } from './cdr-cursor';

export interface ForwardedCdrPage {
  items: CdrV1[];
  /** Where the next call continues; echoes the given cursor when nothing new arrived, null before the first CDR. */
  nextCursor: string | null;
}

/** Reads of `cdr.forwarded_cdrs`, the projection of CdrForwarded events. */
@Injectable()
export class ForwardedCdrsQueries {
  constructor(private readonly db: Database) {}

  /** The CDRs forwarded to any of `emspPartyIds`, oldest arrival first, after `cursor` (true delta). */
  async list(emspPartyIds: readonly string[], limit: number, cursor?: string): Promise<ForwardedCdrPage> {
    const after = cursor === undefined ? '0' : decodeCdrCursor(cursor);
    if (emspPartyIds.length === 0) return { items: [], nextCursor: cursor ?? null };
    // ORDER BY names the table's column: the bare name would sort by the text alias ('100' before '99').
    const { rows } = await this.db.query<{ arrival_seq: string; cdr: CdrV1 }>(
      `SELECT arrival_seq::text AS arrival_seq, cdr FROM ${CDR_SCHEMA}.forwarded_cdrs
       WHERE emsp_party_id = ANY($1::text[]) AND arrival_seq > $2::bigint
       ORDER BY forwarded_cdrs.arrival_seq
       LIMIT $3`,
      [[...emspPartyIds], after, limit],
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map((row) => row.cdr),
      nextCursor: last ? encodeCdrCursor(last.arrival_seq) : (cursor ?? null),
    };
  }
}
