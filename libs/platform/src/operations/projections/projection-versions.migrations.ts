import type { Migration } from '@roaming/event-store';

/**
 * Which version of each versioned projection the queries read, and which one is being rebuilt. One row per
 * projection; shared by every app of a database (projection names carry their context's schema).
 */
export const projectionVersionsMigrations: readonly Migration[] = [
  {
    id: 'projections/001-versions',
    sql: `
      CREATE SCHEMA IF NOT EXISTS projections;
      CREATE TABLE IF NOT EXISTS projections.versions (
        projection         text        PRIMARY KEY,
        active_version     integer     NOT NULL CHECK (active_version > 0),
        rebuilding_version integer     CHECK (rebuilding_version > active_version),
        rebuild_started_at timestamptz,
        switched_at        timestamptz,
        updated_at         timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
