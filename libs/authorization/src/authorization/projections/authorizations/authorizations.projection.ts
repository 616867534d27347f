import { Injectable, Logger } from '@nestjs/common';
import { CheckpointedProcessor, EventStore } from '@roaming/event-store';
import { AUTHORIZATION_CATEGORY } from '../../domain';
import { projectAuthorizations } from './authorizations.projector';

/** Rebuilding = a new version here, writing to a new table. */
export const AUTHORIZATIONS_PROJECTION_ID = 'authz.authorizations:v1';

/** Runs the authorizations projector over the `authorization` category, each batch committed with its checkpoint. */
@Injectable()
export class AuthorizationsProjection {
  readonly processor: CheckpointedProcessor;

  constructor(store: EventStore) {
    this.processor = new CheckpointedProcessor({
      processorId: AUTHORIZATIONS_PROJECTION_ID,
      store,
      categories: [AUTHORIZATION_CATEGORY],
      handle: projectAuthorizations,
      logger: new Logger(`Projection ${AUTHORIZATIONS_PROJECTION_ID}`),
    });
  }
}
