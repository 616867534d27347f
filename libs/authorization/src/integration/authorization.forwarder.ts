import { Injectable, Logger } from '@nestjs/common';
import { EventStore } from '@roaming/event-store';
import { EventForwarder, MessageBus } from '@roaming/messaging';
import { AUTHORIZATION_CATEGORY } from '../authorization/domain';
import { toAuthorizationMessages } from './authorization.to-integration';

export const AUTHORIZATION_FORWARDER_ID = 'forwarder:authorization';

/** The outbox relay of this context: authorization events → `authorization.events.v1`, checkpoint after the ack. */
@Injectable()
export class AuthorizationForwarder {
  readonly forwarder: EventForwarder;

  constructor(store: EventStore, bus: MessageBus) {
    this.forwarder = new EventForwarder({
      processorId: AUTHORIZATION_FORWARDER_ID,
      store,
      bus,
      categories: [AUTHORIZATION_CATEGORY],
      map: toAuthorizationMessages,
      logger: new Logger(`EventForwarder ${AUTHORIZATION_FORWARDER_ID}`),
    });
  }
}
