import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, EvseId } from '@roaming/shared-kernel';
import type { StationConfig } from '../../../config/station-config';
import { STATION_CONFIG } from '../../../config/station-config.token';
import { RegistryViewRepository } from '../../../registry-view/registry-view.repository';
import { statusDuringOutage } from '../../../outage/domain';
import { type ActiveOutage, OutagesQueries } from '../../../outage/projections/outages/outages.queries';
import type { EvseStatus } from '../../domain';

export interface EvseStatusView {
  evseId: string;
  /** What an EVSP should show: MAINTENANCE or OUT_OF_ORDER under an outage notice in force, else the reported status. */
  status: EvseStatus;
  /** The operator's last report (UNKNOWN when it never reported). */
  reportedStatus: EvseStatus;
  /** When the operator observed it; null when it never reported one. */
  observedAt: string | null;
  /** Seconds since observedAt; null when never reported. */
  ageSeconds: number | null;
  /** Older than the freshness (eMI3 UCE U: 60 s), or never reported: do not rely on it. */
  stale: boolean;
  /** The maintenance or outage notice in force for the EVSE or its site (IEC 63119-2 UC5-1), if any. */
  outage: ActiveOutage | null;
}

export interface StatusLookupResult {
  statuses: EvseStatusView[];
  /** Ids the caller may not see or that no published site lists. */
  unknownEvseIds: string[];
  freshnessSeconds: number;
  at: string;
}

interface Row {
  evse_id: string;
  status: EvseStatus | null;
  observed_at: Date | string | null;
}

/** The latest status of up to 1000 EVSEs at once, with age and staleness (IEC 63119-2 UC1-3, eMI3 UCE U pull). */
@Injectable()
export class StatusLookup {
  constructor(
    private readonly db: Database,
    private readonly registry: RegistryViewRepository,
    private readonly outages: OutagesQueries,
    private readonly clock: Clock,
    @Inject(STATION_CONFIG) private readonly config: StationConfig,
  ) {}

  async lookup(principal: Principal, rawIds: readonly string[], maxAgeSeconds?: number): Promise<StatusLookupResult> {
    const ids = [...new Set(rawIds.map((id, i) => EvseId.parse(id, `evseIds.${i}`).value))];
    const now = this.clock.now();
    const at = now.toISOString();
    const freshnessSeconds = maxAgeSeconds ?? this.config.statusFreshnessSeconds;
    const operators = await this.registry.visibleOperators(principal.partyIds, at);
    const { rows } = await this.db.query<Row>(
      `SELECT e.evse_id, s.status, s.observed_at
       FROM station.evses e LEFT JOIN station.evse_status s ON s.evse_id = e.evse_id
       WHERE e.evse_id = ANY($1::text[]) AND e.status = 'PUBLISHED'
         AND (e.cpo_party_id = ANY($2::text[]) OR e.operator_party_id = ANY($2::text[]))`,
      [ids, operators],
    );
    const found = new Map(rows.map((r) => [r.evse_id, r]));
    const outages = await this.outages.activeFor([...found.keys()], at);
    const statuses: EvseStatusView[] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (!row) continue;
      const observedAt = row.observed_at === null ? null : new Date(row.observed_at);
      const ageSeconds =
        observedAt === null ? null : Math.max(0, Math.floor((now.getTime() - observedAt.getTime()) / 1000));
      const reportedStatus = row.status ?? 'UNKNOWN';
      const outage = outages.get(id) ?? null;
      statuses.push({
        evseId: id,
        status: outage ? statusDuringOutage(outage.kind) : reportedStatus,
        reportedStatus,
        observedAt: observedAt?.toISOString() ?? null,
        ageSeconds,
        stale: ageSeconds === null || ageSeconds > freshnessSeconds,
        outage,
      });
    }
    return { statuses, unknownEvseIds: ids.filter((id) => !found.has(id)), freshnessSeconds, at };
  }
}
