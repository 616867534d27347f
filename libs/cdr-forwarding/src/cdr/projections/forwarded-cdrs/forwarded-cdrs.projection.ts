import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { CDR_CATEGORY, type CdrForwarded } from '../../domain';
import { toCdrV1 } from '../../../integration/cdr-forwarding.to-integration';
import { CDR_SCHEMA } from '../../../registry-view/registry-view.migrations';

export const FORWARDED_CDRS_PROCESSOR_ID = 'cdr-forwarding.forwarded-cdrs:v1';

/**
 * Projects CdrForwarded events into `cdr.forwarded_cdrs`, in the checkpoint's transaction. A CDR is forwarded at
 * most once per stream, so a replayed batch meets its own rows and changes nothing (ON CONFLICT DO NOTHING).
 */
export function forwardedCdrsProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: FORWARDED_CDRS_PROCESSOR_ID,
    store,
    categories: [CDR_CATEGORY],
    logger: new Logger(`Projection ${FORWARDED_CDRS_PROCESSOR_ID}`),
    handle: async (events, tx) => {
      for (const event of events) {
        if (event.type === 'CdrForwarded')
          await project(event as RecordedEvent<'CdrForwarded', CdrForwarded['data']>, tx);
      }
    },
  });
}

async function project(event: RecordedEvent<'CdrForwarded', CdrForwarded['data']>, tx: SqlExecutor): Promise<void> {
  const data = event.data;
  await tx.query(
    `INSERT INTO ${CDR_SCHEMA}.forwarded_cdrs
       (cpo_party_id, cdr_id, emsp_party_id, agreement_id, started_at, forwarded_at, stream_name, cdr)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
    [
      data.cpoPartyId,
      data.cdrId,
      data.emspPartyId,
      data.agreementId,
      data.startedAt,
      data.forwardedAt,
      event.streamName,
      JSON.stringify(
        toCdrV1(data, data.emspPartyId, {
          authorizationMode: data.authorizationMode,
          timeZone: data.timeZone,
          priceCheck: data.priceCheck,
        }),
      ),
    ],
  );
}
