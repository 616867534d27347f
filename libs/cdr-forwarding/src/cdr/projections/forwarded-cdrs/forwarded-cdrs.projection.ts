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
    types: ['CdrForwarded'],
    logger: new Logger(`Projection ${FORWARDED_CDRS_PROCESSOR_ID}`),
    handle: async (events, tx) => {
      const forwarded = events.filter((e) => e.type === 'CdrForwarded') as RecordedEvent<
        'CdrForwarded',
        CdrForwarded['data']
      >[];
      if (forwarded.length > 0) await project(forwarded, tx);
    },
  });
}

/**
 * All CdrForwarded events of the batch in one statement; rows are inserted in the events' order (WITH ORDINALITY,
 * ORDER BY), so arrival_seq follows the store's commit order as before.
 */
async function project(
  events: readonly RecordedEvent<'CdrForwarded', CdrForwarded['data']>[],
  tx: SqlExecutor,
): Promise<void> {
  const rows = events.map((event) => {
    const data = event.data;
    return {
      cpo: data.cpoPartyId,
      cdrId: data.cdrId,
      emsp: data.emspPartyId,
      agreement: data.agreementId,
      startedAt: data.startedAt,
      forwardedAt: data.forwardedAt,
      stream: event.streamName,
      cdr: JSON.stringify(
        toCdrV1(data, data.emspPartyId, {
          authorizationMode: data.authorizationMode,
          timeZone: data.timeZone,
          priceCheck: data.priceCheck,
        }),
      ),
    };
  });
  await tx.query(
    `INSERT INTO ${CDR_SCHEMA}.forwarded_cdrs
       (cpo_party_id, cdr_id, emsp_party_id, agreement_id, started_at, forwarded_at, stream_name, cdr)
     SELECT x.cpo, x.id, x.emsp, x.agr, x.started, x.fwd, x.stream, x.cdr
     FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
                     unnest($5::timestamptz[]), unnest($6::timestamptz[]), unnest($7::text[]),
                     jsonb_array_elements($8::jsonb)) WITH ORDINALITY AS x(cpo, id, emsp, agr, started, fwd, stream, cdr, ord)
     ORDER BY x.ord
     ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
    [
      rows.map((r) => r.cpo),
      rows.map((r) => r.cdrId),
      rows.map((r) => r.emsp),
      rows.map((r) => r.agreement),
      rows.map((r) => r.startedAt),
      rows.map((r) => r.forwardedAt),
      rows.map((r) => r.stream),
      // One JSON array text, not a jsonb[] parameter the driver would escape quote by quote (kilobytes per CDR).
      `[${rows.map((r) => r.cdr).join(',')}]`,
    ],
  );
}
