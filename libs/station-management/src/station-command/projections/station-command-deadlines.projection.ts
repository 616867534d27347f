import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, cancelDeadlines, type EventStore, scheduleDeadline } from '@roaming/event-store';
import { STATION_SCHEMA } from '../../registry-view/registry-view.migrations';
import { STATION_COMMAND_CATEGORY, type StationCommandEvent, stationCommandStream } from '../domain/station-command';

export const STATION_COMMAND_DEADLINES_ID = 'station.command-deadlines:v1';
export const COMMAND_RESPOND_DEADLINE = 'station-command.respond';

/** A relayed command's response deadline exists exactly while it is pending (rows, so a crash loses none). */
export function stationCommandDeadlines(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: STATION_COMMAND_DEADLINES_ID,
    store,
    categories: [STATION_COMMAND_CATEGORY],
    logger: new Logger(`Projection ${STATION_COMMAND_DEADLINES_ID}`),
    handle: async (events, tx) => {
      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data } as StationCommandEvent;
        const stream = stationCommandStream(event.data.commandId);
        const key = `${stream}:${COMMAND_RESPOND_DEADLINE}`;
        if (event.type === 'UnlockRequested') {
          await scheduleDeadline(tx, STATION_SCHEMA, {
            key,
            streamName: stream,
            kind: COMMAND_RESPOND_DEADLINE,
            dueAt: event.data.respondBy,
          });
        } else {
          await cancelDeadlines(tx, STATION_SCHEMA, [key]);
        }
      }
    },
  });
}
