import { Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';

/** GeM 1599 "EVSE History must contain": EVSP ids, energy, quality of service, charging status, failed authorizations. */
export interface EvseHistory {
  sessions: { authorized: number; started: number; ended: number; charged: number };
  /** Energy of the forwarded CDRs in the window, Wh. */
  energyWh: number;
  failedAuthorizationAttempts: { total: number; byReason: Record<string, number> };
  /** Seconds in each status in the window (charging status). */
  statusSeconds: Record<string, number>;
  /** Seconds under maintenance (PLANNED) or outage (UNPLANNED) notices in the window (quality of service). */
  outageSeconds: { PLANNED: number; UNPLANNED: number };
  reservations: Record<string, number>;
  /** The EVSPs whose customers used the EVSE in the window. */
  evspPartyIds: string[];
}

export interface HistoryWindow {
  from: string;
  to: string;
  /** Intervals still open count until now (or `to`, whichever is earlier). */
  now: string;
}

/** Sums the history tables per EVSE; a load area is the sum of its EVSEs. */
@Injectable()
export class EvseHistoryQueries {
  constructor(private readonly db: Database) {}

  async perEvse(evseIds: readonly string[], w: HistoryWindow): Promise<Map<string, EvseHistory>> {
    const histories = new Map(evseIds.map((id) => [id, emptyHistory()]));
    const until = w.now < w.to ? w.now : w.to;
    const activity = await this.db.query<{
      evse_id: string;
      kind: string;
      emsp_party_id: string | null;
      reason: string | null;
      n: string;
      wh: string | null;
    }>(
      `SELECT evse_id, kind, emsp_party_id, reason, count(*)::text AS n, sum(energy_wh)::text AS wh
       FROM station.evse_activity
       WHERE evse_id = ANY($1::text[]) AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
       GROUP BY evse_id, kind, emsp_party_id, reason`,
      [evseIds, w.from, w.to],
    );
    for (const row of activity.rows) {
      const h = histories.get(row.evse_id);
      if (!h) continue;
      const n = Number(row.n);
      switch (row.kind) {
        case 'AUTHORIZED':
          h.sessions.authorized += n;
          break;
        case 'AUTHORIZATION_FAILED':
          h.failedAuthorizationAttempts.total += n;
          h.failedAuthorizationAttempts.byReason[row.reason ?? 'UNKNOWN'] =
            (h.failedAuthorizationAttempts.byReason[row.reason ?? 'UNKNOWN'] ?? 0) + n;
          break;
        case 'SESSION_STARTED':
          h.sessions.started += n;
          break;
        case 'SESSION_ENDED':
          h.sessions.ended += n;
          break;
        case 'CDR':
          h.sessions.charged += n;
          h.energyWh += Number(row.wh ?? 0);
          break;
      }
      if (row.emsp_party_id && row.kind !== 'AUTHORIZATION_FAILED' && !h.evspPartyIds.includes(row.emsp_party_id)) {
        h.evspPartyIds.push(row.emsp_party_id);
      }
    }
    const statuses = await this.db.query<{ evse_id: string; status: string; seconds: number }>(
      `SELECT evse_id, status,
              sum(extract(epoch FROM least(coalesce(ended_at, $4::timestamptz), $3::timestamptz)
                                 - greatest(started_at, $2::timestamptz)))::float8 AS seconds
       FROM station.evse_status_intervals
       WHERE evse_id = ANY($1::text[]) AND started_at < least($3::timestamptz, $4::timestamptz)
         AND coalesce(ended_at, $4::timestamptz) > $2::timestamptz
       GROUP BY evse_id, status`,
      [evseIds, w.from, w.to, until],
    );
    for (const row of statuses.rows) {
      const h = histories.get(row.evse_id);
      if (h && row.seconds > 0) h.statusSeconds[row.status] = Math.round(row.seconds);
    }
    const outages = await this.db.query<{ evse_id: string; kind: 'PLANNED' | 'UNPLANNED'; seconds: number }>(
      `SELECT e.evse_id, o.kind,
              sum(extract(epoch FROM least(coalesce(o.ends_at, $4::timestamptz), $3::timestamptz, $4::timestamptz)
                                 - greatest(o.starts_at, $2::timestamptz)))::float8 AS seconds
       FROM station.evses e
       JOIN station.outages o ON e.evse_id = ANY(o.evse_ids) OR (o.site_id = e.site_id AND o.cpo_party_id = e.cpo_party_id)
       WHERE e.evse_id = ANY($1::text[]) AND o.status <> 'CANCELLED'
         AND o.starts_at < least($3::timestamptz, $4::timestamptz) AND coalesce(o.ends_at, $4::timestamptz) > $2::timestamptz
       GROUP BY e.evse_id, o.kind`,
      [evseIds, w.from, w.to, until],
    );
    for (const row of outages.rows) {
      const h = histories.get(row.evse_id);
      if (h && row.seconds > 0) h.outageSeconds[row.kind] += Math.round(row.seconds);
    }
    const reservations = await this.db.query<{ evse_id: string; status: string; n: string }>(
      `SELECT evse_id, status, count(*)::text AS n FROM station.reservations
       WHERE evse_id = ANY($1::text[]) AND requested_at >= $2::timestamptz AND requested_at < $3::timestamptz
       GROUP BY evse_id, status`,
      [evseIds, w.from, w.to],
    );
    for (const row of reservations.rows) {
      const h = histories.get(row.evse_id);
      if (h) h.reservations[row.status] = Number(row.n);
    }
    for (const h of histories.values()) h.evspPartyIds.sort();
    return histories;
  }

  /** The published EVSEs of a load area, with their operators. */
  async evsesOfArea(loadAreaId: string): Promise<{ evseId: string; cpoPartyId: string; operatorPartyId: string }[]> {
    const { rows } = await this.db.query<{ evse_id: string; cpo_party_id: string; operator_party_id: string }>(
      `SELECT evse_id, cpo_party_id, operator_party_id FROM station.evses WHERE load_area_id = $1 ORDER BY evse_id`,
      [loadAreaId],
    );
    return rows.map((r) => ({ evseId: r.evse_id, cpoPartyId: r.cpo_party_id, operatorPartyId: r.operator_party_id }));
  }
}

export function emptyHistory(): EvseHistory {
  return {
    sessions: { authorized: 0, started: 0, ended: 0, charged: 0 },
    energyWh: 0,
    failedAuthorizationAttempts: { total: 0, byReason: {} },
    statusSeconds: {},
    outageSeconds: { PLANNED: 0, UNPLANNED: 0 },
    reservations: {},
    evspPartyIds: [],
  };
}

/** A load area's history: the sum of its EVSEs'. */
export function sumHistories(histories: Iterable<EvseHistory>): EvseHistory {
  const total = emptyHistory();
  for (const h of histories) {
    total.sessions.authorized += h.sessions.authorized;
    total.sessions.started += h.sessions.started;
    total.sessions.ended += h.sessions.ended;
    total.sessions.charged += h.sessions.charged;
    total.energyWh += h.energyWh;
    total.failedAuthorizationAttempts.total += h.failedAuthorizationAttempts.total;
    for (const [reason, n] of Object.entries(h.failedAuthorizationAttempts.byReason)) {
      total.failedAuthorizationAttempts.byReason[reason] =
        (total.failedAuthorizationAttempts.byReason[reason] ?? 0) + n;
    }
    for (const [status, s] of Object.entries(h.statusSeconds))
      total.statusSeconds[status] = (total.statusSeconds[status] ?? 0) + s;
    total.outageSeconds.PLANNED += h.outageSeconds.PLANNED;
    total.outageSeconds.UNPLANNED += h.outageSeconds.UNPLANNED;
    for (const [status, n] of Object.entries(h.reservations))
      total.reservations[status] = (total.reservations[status] ?? 0) + n;
    for (const party of h.evspPartyIds) if (!total.evspPartyIds.includes(party)) total.evspPartyIds.push(party);
  }
  total.evspPartyIds.sort();
  return total;
}
