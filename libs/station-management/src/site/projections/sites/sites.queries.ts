import { Injectable } from '@nestjs/common';
import type { SiteV1 } from '@roaming/contracts';
import { Database, type SqlExecutor } from '@roaming/event-store';

/** An EVSE as the catalogue knows it: enough to accept reports, reservations and commands for it. */
export interface EvseEntry {
  evseId: string;
  operatorPartyId: string;
  cpoPartyId: string;
  siteId: string;
  status: 'PUBLISHED' | 'WITHDRAWN';
  maxPowerW: number;
  reservationAllowed: boolean;
  connectorIds: string[];
  loadAreaId: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

interface EvseRow {
  evse_id: string;
  operator_party_id: string;
  cpo_party_id: string;
  site_id: string;
  status: 'PUBLISHED' | 'WITHDRAWN';
  max_power_w: number;
  reservation_allowed: boolean;
  connector_ids: string[];
  load_area_id: string | null;
  valid_from: Date | string | null;
  valid_until: Date | string | null;
}

/** Reads `station.sites` and `station.evses`. */
@Injectable()
export class SitesQueries {
  constructor(private readonly db: Database) {}

  /**
   * Sites of the given operators whose change sequence is after `since`, oldest change first. From the start
   * (since = 0) only sites currently offered and valid; after a cursor also withdrawals, so a delta is complete.
   */
  async page(
    operators: readonly string[],
    since: string,
    limit: number,
    now: string,
  ): Promise<{ items: SiteV1[]; last: string }> {
    const full = since === '0';
    const { rows } = await this.db.query<{ document: SiteV1; change_seq: string }>(
      `SELECT document, change_seq::text AS change_seq FROM station.sites
       WHERE cpo_party_id = ANY($1::text[]) AND change_seq > $2::bigint
         AND ($4::boolean = false OR (status = 'PUBLISHED' AND (valid_until IS NULL OR valid_until > $5::timestamptz)))
       ORDER BY change_seq LIMIT $3`,
      [operators, since, limit, full, now],
    );
    return { items: rows.map((r) => r.document), last: rows.length > 0 ? rows[rows.length - 1].change_seq : since };
  }

  /** The ids of the operator's sites currently published. */
  async publishedSiteIds(cpoPartyId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ site_id: string }>(
      `SELECT site_id FROM station.sites WHERE cpo_party_id = $1 AND status = 'PUBLISHED' ORDER BY site_id`,
      [cpoPartyId],
    );
    return rows.map((r) => r.site_id);
  }

  /** Published EVSEs of these ids on sites of other operators, or of this operator outside `replaced`. */
  async evsesOutside(evseIds: readonly string[], cpoPartyId: string, replaced: readonly string[]): Promise<string[]> {
    if (evseIds.length === 0) return [];
    const { rows } = await this.db.query<{ evse_id: string }>(
      `SELECT evse_id FROM station.evses WHERE evse_id = ANY($1::text[]) AND status = 'PUBLISHED'
         AND NOT (cpo_party_id = $2 AND site_id = ANY($3::text[]))`,
      [evseIds, cpoPartyId, replaced],
    );
    return rows.map((r) => r.evse_id);
  }

  async site(cpoPartyId: string, siteId: string): Promise<SiteV1 | undefined> {
    const { rows } = await this.db.query<{ document: SiteV1 }>(
      `SELECT document FROM station.sites WHERE cpo_party_id = $1 AND site_id = $2`,
      [cpoPartyId, siteId],
    );
    return rows[0]?.document;
  }

  /** The published EVSEs of these ids on another site than the given one (an EVSE belongs to one site). */
  async evsesOnOtherSites(evseIds: readonly string[], cpoPartyId: string, siteId: string): Promise<string[]> {
    if (evseIds.length === 0) return [];
    const { rows } = await this.db.query<{ evse_id: string }>(
      `SELECT evse_id FROM station.evses WHERE evse_id = ANY($1::text[]) AND status = 'PUBLISHED'
         AND NOT (cpo_party_id = $2 AND site_id = $3)`,
      [evseIds, cpoPartyId, siteId],
    );
    return rows.map((r) => r.evse_id);
  }

  async evses(evseIds: readonly string[], sql: SqlExecutor = this.db): Promise<Map<string, EvseEntry>> {
    const { rows } = await sql.query<EvseRow>(
      `SELECT evse_id, operator_party_id, cpo_party_id, site_id, status, max_power_w, reservation_allowed,
              connector_ids, load_area_id, valid_from, valid_until
       FROM station.evses WHERE evse_id = ANY($1::text[])`,
      [evseIds],
    );
    return new Map(rows.map((r) => [r.evse_id, entry(r)]));
  }

  /** Only what a status report is judged on, for the hot path: operator and publication status. */
  async evseOperators(
    evseIds: readonly string[],
    sql: SqlExecutor = this.db,
  ): Promise<Map<string, { operatorPartyId: string; status: 'PUBLISHED' | 'WITHDRAWN' }>> {
    const { rows } = await sql.query<{ evse_id: string; operator_party_id: string; status: 'PUBLISHED' | 'WITHDRAWN' }>(
      `SELECT evse_id, operator_party_id, status FROM station.evses WHERE evse_id = ANY($1::text[])`,
      [evseIds],
    );
    return new Map(rows.map((r) => [r.evse_id, { operatorPartyId: r.operator_party_id, status: r.status }]));
  }

  async evse(evseId: string, sql: SqlExecutor = this.db): Promise<EvseEntry | undefined> {
    return (await this.evses([evseId], sql)).get(evseId);
  }
}

function entry(row: EvseRow): EvseEntry {
  return {
    evseId: row.evse_id,
    operatorPartyId: row.operator_party_id,
    cpoPartyId: row.cpo_party_id,
    siteId: row.site_id,
    status: row.status,
    maxPowerW: row.max_power_w,
    reservationAllowed: row.reservation_allowed,
    connectorIds: row.connector_ids,
    loadAreaId: row.load_area_id,
    validFrom: row.valid_from === null ? null : new Date(row.valid_from).toISOString(),
    validUntil: row.valid_until === null ? null : new Date(row.valid_until).toISOString(),
  };
}
