import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage, type SiteV1, type StationManagementMessageV1 } from '@roaming/contracts';
import { Database, type SqlExecutor } from '@roaming/event-store';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';

/** Consumer group of the EVSE catalogue view (also its de-duplication scope). */
export const EVSE_CATALOGUE_GROUP = 'energy.evse-catalogue';

export interface EnergyEvse {
  evseId: string;
  cpoPartyId: string;
  operatorPartyId: string;
  maxPowerW: number;
  loadAreaId: string | null;
  status: 'PUBLISHED' | 'WITHDRAWN';
}

/**
 * Learns the EVSEs from `station-management.events.v1` (SitePublished / SiteWithdrawn carry the whole site): the
 * maximum power charge plans are checked against (IEC 63110 E1) and the load areas grid requests are distributed by.
 * Each row keeps the instant of its fact, so a late, older message never overwrites a newer one.
 */
@Injectable()
export class EvseCatalogueConsumer {
  constructor(private readonly db: Database) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue) as StationManagementMessageV1;
    if (body.type !== 'SitePublished' && body.type !== 'SiteWithdrawn') return;
    await this.apply(tx, body.data.site, body.type === 'SiteWithdrawn', body.occurredAt);
  };

  private async apply(tx: SqlExecutor, site: SiteV1, withdrawn: boolean, occurredAt: string): Promise<void> {
    for (const evse of site.evses) {
      const [country, operator] = evse.evseId.split('*');
      await tx.query(
        `INSERT INTO energy.evses AS e (evse_id, cpo_party_id, operator_party_id, site_id, max_power_w, load_area_id, status, fact_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)
         ON CONFLICT (evse_id) DO UPDATE SET cpo_party_id = EXCLUDED.cpo_party_id,
           operator_party_id = EXCLUDED.operator_party_id, site_id = EXCLUDED.site_id, max_power_w = EXCLUDED.max_power_w,
           load_area_id = EXCLUDED.load_area_id, status = EXCLUDED.status, fact_at = EXCLUDED.fact_at
         WHERE e.fact_at <= EXCLUDED.fact_at
           AND (EXCLUDED.status = 'PUBLISHED' OR (e.cpo_party_id = EXCLUDED.cpo_party_id AND e.site_id = EXCLUDED.site_id))`,
        [
          evse.evseId,
          site.cpoPartyId,
          `${country}${operator}`,
          site.siteId,
          evse.maxPowerW,
          site.loadAreaId,
          withdrawn ? 'WITHDRAWN' : evse.status,
          occurredAt,
        ],
      );
    }
  }

  async evse(evseId: string, sql: SqlExecutor = this.db): Promise<EnergyEvse | undefined> {
    const { rows } = await sql.query<{
      evse_id: string;
      cpo_party_id: string;
      operator_party_id: string;
      max_power_w: number;
      load_area_id: string | null;
      status: 'PUBLISHED' | 'WITHDRAWN';
    }>(
      `SELECT evse_id, cpo_party_id, operator_party_id, max_power_w, load_area_id, status FROM energy.evses WHERE evse_id = $1`,
      [evseId],
    );
    const row = rows[0];
    return (
      row && {
        evseId: row.evse_id,
        cpoPartyId: row.cpo_party_id,
        operatorPartyId: row.operator_party_id,
        maxPowerW: row.max_power_w,
        loadAreaId: row.load_area_id,
        status: row.status,
      }
    );
  }

  /** The published EVSEs of a load area, per CPO party (the site owner), for distributing a grid request. */
  async evsesByCpo(loadAreaId: string): Promise<Map<string, string[]>> {
    const { rows } = await this.db.query<{ cpo_party_id: string; evse_ids: string[] }>(
      `SELECT cpo_party_id, array_agg(evse_id ORDER BY evse_id) AS evse_ids FROM energy.evses
       WHERE load_area_id = $1 AND status = 'PUBLISHED' GROUP BY cpo_party_id ORDER BY cpo_party_id`,
      [loadAreaId],
    );
    return new Map(rows.map((r) => [r.cpo_party_id, r.evse_ids]));
  }
}
