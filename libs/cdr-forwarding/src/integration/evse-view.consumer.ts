import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage, type SiteV1 } from '@roaming/contracts';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

/** Consumer group of the EVSE view (also its de-duplication scope). */
export const EVSE_VIEW_GROUP = 'cdr-forwarding.evse-view';

/**
 * Builds cdr-forwarding's EVSE view from `station-management.events.v1`: for every EVSE a site ever listed, its
 * operator, rated power and the site's time zone. A withdrawn EVSE or site stays known (marked): a record may arrive
 * days after the session, for an EVSE withdrawn meanwhile. The site's `updatedAt` guards against an older version
 * arriving late (redelivery, replay).
 */
@Injectable()
export class EvseViewConsumer {
  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    if (body.type !== 'SitePublished' && body.type !== 'SiteWithdrawn') return;
    const site = (body.data as { site?: SiteV1 }).site;
    if (!site || !Array.isArray(site.evses) || typeof site.cpoPartyId !== 'string') {
      throw new Error(`${body.type} without a site`);
    }
    const evses = site.evses.filter((e) => typeof e.evseId === 'string');
    if (evses.length === 0) return;
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.evses AS e
         (evse_id, cpo_party_id, site_id, max_power_w, time_zone, status, site_updated_at)
       SELECT x.id, $2, $3, x.p, $4, x.s, $5::timestamptz
       FROM unnest($1::text[], $6::integer[], $7::text[]) AS x(id, p, s)
       ON CONFLICT (evse_id) DO UPDATE
         SET cpo_party_id = EXCLUDED.cpo_party_id, site_id = EXCLUDED.site_id, max_power_w = EXCLUDED.max_power_w,
             time_zone = EXCLUDED.time_zone, status = EXCLUDED.status, site_updated_at = EXCLUDED.site_updated_at
         WHERE e.site_updated_at <= EXCLUDED.site_updated_at`,
      [
        evses.map((e) => e.evseId.toUpperCase()),
        site.cpoPartyId,
        site.siteId,
        site.timeZone || 'UTC',
        site.updatedAt ?? body.occurredAt,
        evses.map((e) => Math.max(0, Math.round(e.maxPowerW ?? 0))),
        evses.map((e) => (body.type === 'SiteWithdrawn' || site.status === 'WITHDRAWN' ? 'WITHDRAWN' : e.status)),
      ],
    );
  };
}
