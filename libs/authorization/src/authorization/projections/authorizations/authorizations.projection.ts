import { Injectable } from '@nestjs/common';
import { Database, EventStore } from '@roaming/event-store';
import { VersionedProjection, type VersionedProjectionDefinition } from '@roaming/platform';
import { AUTHORIZATION_CATEGORY } from '../../domain';
import { AUTHORIZATIONS_TABLE, authorizationsTableDdl } from './authorizations.migrations';
import { projectAuthorizations } from './authorizations.projector';
import { HOT_CATEGORY_WAKE_MS, ThrottledWakeStore } from '../../../shared/throttled-wake-store';

export const AUTHORIZATIONS_PROJECTION = 'authz.authorizations';
/** The processor of version 1; a rebuild runs `authz.authorizations:v2`, … into a new table, then switches. */
export const AUTHORIZATIONS_PROJECTION_ID = `${AUTHORIZATIONS_PROJECTION}:v1`;

export const authorizationsProjection: VersionedProjectionDefinition = {
  name: AUTHORIZATIONS_PROJECTION,
  categories: [AUTHORIZATION_CATEGORY],
  table: (version) => (version === 1 ? AUTHORIZATIONS_TABLE : `${AUTHORIZATIONS_TABLE}_v${version}`),
  createTable: authorizationsTableDdl,
  project: projectAuthorizations,
};

/**
 * Runs the authorizations projector over the `authorization` category, each batch committed with its checkpoint.
 * A versioned projection: the operator rebuilds it into a new table (POST /v1/admin/processors/authz.authorizations/
 * rebuild) while GET /v1/authorizations/:id keeps reading the active version.
 */
@Injectable()
export class AuthorizationsProjection extends VersionedProjection {
  constructor(db: Database, store: EventStore) {
    // Decisions arrive by the thousand per second: handle them in batches of tens of milliseconds, not per commit.
    super(db, new ThrottledWakeStore(store, HOT_CATEGORY_WAKE_MS), authorizationsProjection);
  }

  /** Start, stop and catch up as a processor: the active version's. */
  get processor(): this {
    return this;
  }
}
