import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { SITE_CATEGORY, type SiteEvent } from '../../domain';
import { siteDocument } from '../../site.document';

export const SITES_PROJECTION_ID = 'station.sites:v1';

/** Runs the sites projector over the `site` category, each batch committed with its checkpoint. */
export function sitesProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: SITES_PROJECTION_ID,
    store,
    categories: [SITE_CATEGORY],
    handle: projectSites,
    logger: new Logger(`Projection ${SITES_PROJECTION_ID}`),
  });
}

/**
 * Writes each site event's document and its EVSEs. A replayed batch (after a crash) is skipped per row by the
 * `last_global_position` guard, so a site never goes back to an older version.
 */
export async function projectSites(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as SiteEvent;
    if (event.type !== 'SitePublished' && event.type !== 'SiteWithdrawn') continue;
    const document = siteDocument(event, recorded.recordedAt);
    const written = await tx.query(
      `INSERT INTO station.sites AS s (cpo_party_id, site_id, status, document, valid_until, change_seq, last_global_position)
       VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, nextval('station.site_change_seq'), $6::bigint)
       ON CONFLICT (cpo_party_id, site_id) DO UPDATE SET status = EXCLUDED.status, document = EXCLUDED.document,
         valid_until = EXCLUDED.valid_until, change_seq = EXCLUDED.change_seq,
         last_global_position = EXCLUDED.last_global_position
       WHERE s.last_global_position < EXCLUDED.last_global_position`,
      [
        document.cpoPartyId,
        document.siteId,
        document.status,
        JSON.stringify(document),
        document.validUntil,
        recorded.globalPosition,
      ],
    );
    if (written.rowCount === 0) continue;
    for (const evse of document.evses) {
      // An EVSE moves between sites only after its old site withdrew it: a withdrawn row never takes it back.
      await tx.query(
        `INSERT INTO station.evses AS e (evse_id, operator_party_id, cpo_party_id, site_id, status, max_power_w,
           reservation_allowed, connector_ids, load_area_id, valid_from, valid_until, last_global_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10::timestamptz, $11::timestamptz, $12::bigint)
         ON CONFLICT (evse_id) DO UPDATE SET operator_party_id = EXCLUDED.operator_party_id,
           cpo_party_id = EXCLUDED.cpo_party_id, site_id = EXCLUDED.site_id, status = EXCLUDED.status,
           max_power_w = EXCLUDED.max_power_w, reservation_allowed = EXCLUDED.reservation_allowed,
           connector_ids = EXCLUDED.connector_ids, load_area_id = EXCLUDED.load_area_id,
           valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
           last_global_position = EXCLUDED.last_global_position
         WHERE e.last_global_position < EXCLUDED.last_global_position
           AND (EXCLUDED.status = 'PUBLISHED' OR (e.cpo_party_id = EXCLUDED.cpo_party_id AND e.site_id = EXCLUDED.site_id))`,
        [
          evse.evseId,
          operatorOf(evse.evseId),
          document.cpoPartyId,
          document.siteId,
          evse.status,
          evse.maxPowerW,
          evse.reservationAllowed,
          evse.connectors.map((c) => c.connectorId),
          document.loadAreaId,
          document.validFrom,
          document.validUntil,
          recorded.globalPosition,
        ],
      );
    }
  }
}

/** 'DE*ABC*E1' → 'DEABC': EVSE ids are stored normalised, so the operator is the first two segments. */
function operatorOf(evseId: string): string {
  const [country, operator] = evseId.split('*');
  return `${country}${operator}`;
}
