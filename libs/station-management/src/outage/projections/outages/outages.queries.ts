import { Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { isoOf, isoOrNull } from '../../../shared/instant';
import type { OutageKind } from '../../domain';

export interface OutageNoticeView {
  cpoPartyId: string;
  noticeId: string;
  kind: OutageKind;
  siteId: string | null;
  evseIds: string[];
  startsAt: string;
  endsAt: string | null;
  status: 'OPEN' | 'ENDED' | 'CANCELLED';
  description: string | null;
  issuedAt: string;
}

interface Row {
  cpo_party_id: string;
  notice_id: string;
  kind: OutageKind;
  site_id: string | null;
  evse_ids: string[];
  starts_at: Date | string;
  ends_at: Date | string | null;
  status: OutageNoticeView['status'];
  description: string | null;
  issued_at: Date | string;
  change_seq: string;
}

export interface OutageFilter {
  operators: readonly string[];
  since: string;
  limit: number;
  /** Only notices in force at this instant. */
  activeAt?: string;
  siteId?: string;
  evseId?: string;
}

/** An active notice covering an EVSE: what the status lookup shows instead of the reported status. */
export interface ActiveOutage {
  noticeId: string;
  kind: OutageKind;
  startsAt: string;
  endsAt: string | null;
}

/** Reads `station.outages`. */
@Injectable()
export class OutagesQueries {
  constructor(private readonly db: Database) {}

  async page(filter: OutageFilter): Promise<{ items: OutageNoticeView[]; last: string }> {
    const { rows } = await this.db.query<Row>(
      `SELECT o.cpo_party_id, o.notice_id, o.kind, o.site_id, o.evse_ids, o.starts_at, o.ends_at, o.status,
              o.description, o.issued_at, o.change_seq::text AS change_seq
       FROM station.outages o
       WHERE o.cpo_party_id = ANY($1::text[]) AND o.change_seq > $2::bigint
         AND ($4::timestamptz IS NULL OR (o.status <> 'CANCELLED' AND o.starts_at <= $4 AND (o.ends_at IS NULL OR o.ends_at > $4)))
         AND ($5::text IS NULL OR o.site_id = $5
              OR EXISTS (SELECT 1 FROM station.evses e WHERE e.site_id = $5 AND e.cpo_party_id = o.cpo_party_id AND e.evse_id = ANY(o.evse_ids)))
         AND ($6::text IS NULL OR $6 = ANY(o.evse_ids)
              OR EXISTS (SELECT 1 FROM station.evses e WHERE e.evse_id = $6 AND e.site_id = o.site_id AND e.cpo_party_id = o.cpo_party_id))
       ORDER BY o.change_seq LIMIT $3`,
      [
        filter.operators,
        filter.since,
        filter.limit,
        filter.activeAt ?? null,
        filter.siteId ?? null,
        filter.evseId ?? null,
      ],
    );
    return { items: rows.map(view), last: rows.length > 0 ? rows[rows.length - 1].change_seq : filter.since };
  }

  /** The notice in force at `at` for each EVSE (unplanned before planned, then the earliest), if any. */
  async activeFor(evseIds: readonly string[], at: string): Promise<Map<string, ActiveOutage>> {
    const { rows } = await this.db.query<{
      evse_id: string;
      notice_id: string;
      kind: OutageKind;
      starts_at: Date | string;
      ends_at: Date | string | null;
    }>(
      `SELECT DISTINCT ON (e.evse_id) e.evse_id, o.notice_id, o.kind, o.starts_at, o.ends_at
       FROM station.evses e
       JOIN station.outages o
         ON e.evse_id = ANY(o.evse_ids) OR (o.site_id = e.site_id AND o.cpo_party_id = e.cpo_party_id)
       WHERE e.evse_id = ANY($1::text[]) AND o.status <> 'CANCELLED'
         AND o.starts_at <= $2::timestamptz AND (o.ends_at IS NULL OR o.ends_at > $2::timestamptz)
       ORDER BY e.evse_id, (o.kind = 'UNPLANNED') DESC, o.starts_at`,
      [evseIds, at],
    );
    return new Map(
      rows.map((r) => [
        r.evse_id,
        { noticeId: r.notice_id, kind: r.kind, startsAt: isoOf(r.starts_at), endsAt: isoOrNull(r.ends_at) },
      ]),
    );
  }
}

function view(row: Row): OutageNoticeView {
  return {
    cpoPartyId: row.cpo_party_id,
    noticeId: row.notice_id,
    kind: row.kind,
    siteId: row.site_id,
    evseIds: row.evse_ids,
    startsAt: isoOf(row.starts_at),
    endsAt: isoOrNull(row.ends_at),
    status: row.status,
    description: row.description,
    issuedAt: isoOf(row.issued_at),
  };
}
