import { Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '@roaming/event-store';
import { EventStore } from '@roaming/event-store';
import { EventForwarder, MessageBus, type OutboundMessage } from '@roaming/messaging';
import { AUTHORIZATION_CATEGORY } from '../authorization/domain';
import { REMOTE_COMMAND_CATEGORY } from '../remote-command/domain';
import { SESSION_CATEGORY } from '../session/domain';
import { toAuthorizationMessages } from './authorization.to-integration';
import { toSessionMessages } from './session.to-integration';
import { toPartnerMessages } from './to-partners';
import { HOT_CATEGORY_WAKE_MS, ThrottledWakeStore } from '../shared/throttled-wake-store';

export const AUTHORIZATION_FORWARDER_ID = 'forwarder:authorization';

/** The categories this context publishes from (the remote command and session ones came later, empty before). */
export const FORWARDED_CATEGORIES = [AUTHORIZATION_CATEGORY, REMOTE_COMMAND_CATEGORY, SESSION_CATEGORY] as const;

/**
 * The outbox relay of this context, moving its checkpoint only after the broker's ack. One relay reading each event
 * once (the decisions are the hot path's volume) and producing:
 * - decisions and sessions on `authorization.events.v1` for the other contexts;
 * - what partners receive on their `b2b.<party>.outbound.v1`: replies to Kafka requests and remote commands for
 *   CPOs, command results and session news for EVSPs.
 */
@Injectable()
export class AuthorizationForwarder {
  readonly forwarder: EventForwarder;

  constructor(store: EventStore, bus: MessageBus) {
    this.forwarder = new EventForwarder({
      processorId: AUTHORIZATION_FORWARDER_ID,
      // Decisions arrive by the thousand per second: publish them in batches of tens of milliseconds.
      store: new ThrottledWakeStore(store, HOT_CATEGORY_WAKE_MS),
      bus,
      categories: FORWARDED_CATEGORIES,
      map: (event: RecordedEvent): OutboundMessage[] => [
        ...(event.category === SESSION_CATEGORY ? toSessionMessages(event) : toAuthorizationMessages(event)),
        ...toPartnerMessages(event),
      ],
      logger: new Logger(`EventForwarder ${AUTHORIZATION_FORWARDER_ID}`),
    });
  }
}
