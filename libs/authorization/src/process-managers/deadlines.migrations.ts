import type { Migration } from '@roaming/event-store';

/**
 * Moments at which this context must act unless something happens first (a CPO's answer, a session's end): rows
 * derived from events by a checkpointed projection, so they survive a crash; the timer only reads them.
 */
export const deadlinesMigrations: Migration[] = [
  {
    id: 'authz/005-deadlines',
    sql: `
      CREATE TABLE authz.deadlines (
        deadline_key text        PRIMARY KEY,
        kind         text        NOT NULL CHECK (kind IN ('command-timeout', 'session-overdue')),
        subject_id   text        NOT NULL,
        due_at       timestamptz NOT NULL,
        attempts     integer     NOT NULL DEFAULT 0
      );
      CREATE INDEX deadlines_due_idx ON authz.deadlines (due_at);
    `,
  },
];
