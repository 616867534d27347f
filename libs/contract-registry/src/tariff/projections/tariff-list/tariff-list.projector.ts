import { asDomainEvent, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import type { TariffEvent } from '../../domain/tariff.events';

export const TARIFF_LIST_PROCESSOR_ID = 'contract-registry:tariff-list:v1';

/** Adds each published version to its tariff's row (once: a version already there is not added again). */
export async function projectTariffList(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const { data } = asDomainEvent<TariffEvent>(recorded);
    const version = {
      version: data.version,
      validFrom: data.validFrom,
      publishedAt: data.publishedAt,
      tariff: data.tariff,
    };
    await tx.query(
      `INSERT INTO registry.tariffs (cpo_party_id, tariff_id, seq, audience, versions)
       VALUES ($1, $2, $3::bigint, $4, jsonb_build_array($5::jsonb))
       ON CONFLICT (cpo_party_id, tariff_id) DO UPDATE
         SET audience = EXCLUDED.audience,
             versions = CASE
               WHEN registry.tariffs.versions @> jsonb_build_array(jsonb_build_object('version', $6::int))
               THEN registry.tariffs.versions
               ELSE registry.tariffs.versions || $5::jsonb END`,
      [data.cpoPartyId, data.tariffId, recorded.globalPosition, data.audience, JSON.stringify(version), data.version],
    );
  }
}
