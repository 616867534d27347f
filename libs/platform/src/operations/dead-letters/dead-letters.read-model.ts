import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { DomainError } from '@roaming/shared-kernel';
import type { VersionedProjection } from '../projections/versioned-projection';
import type { DeadLetterStatus } from './domain';

export const DEAD_LETTERS_PROJECTION = Symbol('dead letters projection');

export interface DeadLetterSummary {
  letterId: string;
  deadLetterTopic: string;
  originalTopic: string;
  messageId: string;
  messageType: string | null;
  key: string | null;
  consumerGroup: string | null;
  error: string;
  status: DeadLetterStatus;
  parkCount: number;
  firstParkedAt: string;
  lastParkedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
}

export interface DeadLetterDetails extends DeadLetterSummary {
  headers: Record<string, string>;
  /** The body exactly as received (it may not be JSON: that is often why it was parked). */
  rawValue: string;
  originalPartition: string | null;
  originalOffset: string | null;
}

export interface DeadLetterFilter {
  topic?: string;
  status?: DeadLetterStatus;
  cursor?: string;
  limit: number;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  nextCursor: string | null;
}

interface Row {
  letter_id: string;
  dead_letter_topic: string;
  original_topic: string;
  message_id: string;
  message_type: string | null;
  message_key: string | null;
  consumer_group: string | null;
  error: string;
  status: DeadLetterStatus;
  park_count: number;
  first_parked_at: Date | string;
  last_parked_at: Date | string;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  resolution_reason: string | null;
  headers: Record<string, string>;
  raw_value: string;
  original_partition: string | null;
  original_offset: string | null;
}

const CURSOR_PREFIX = 'dl1:';

/** Reads the active version of the dead-letters projection (oldest parking first, cursor-paged). */
@Injectable()
export class DeadLettersReadModel {
  constructor(
    private readonly db: Database,
    @Inject(DEAD_LETTERS_PROJECTION) private readonly projection: VersionedProjection,
  ) {}

  async list(filter: DeadLetterFilter): Promise<DeadLetterPage> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (filter.topic) add((p) => `(original_topic = ${p} OR dead_letter_topic = ${p})`, filter.topic);
    if (filter.status) add((p) => `status = ${p}`, filter.status);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      params.push(after.at, after.id);
      conditions.push(`(first_parked_at, letter_id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${this.projection.table()} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY first_parked_at, letter_id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(iso(last.first_parked_at), last.letter_id) : null,
    };
  }

  async find(letterId: string): Promise<DeadLetterDetails | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT * FROM ${this.projection.table()} WHERE letter_id = $1`, [
      letterId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...toSummary(row),
      headers: row.headers,
      rawValue: row.raw_value,
      originalPartition: row.original_partition,
      originalOffset: row.original_offset,
    };
  }
}

function toSummary(row: Row): DeadLetterSummary {
  return {
    letterId: row.letter_id,
    deadLetterTopic: row.dead_letter_topic,
    originalTopic: row.original_topic,
    messageId: row.message_id,
    messageType: row.message_type,
    key: row.message_key,
    consumerGroup: row.consumer_group,
    error: row.error,
    status: row.status,
    parkCount: row.park_count,
    firstParkedAt: iso(row.first_parked_at),
    lastParkedAt: iso(row.last_parked_at),
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    resolvedBy: row.resolved_by,
    resolutionReason: row.resolution_reason,
  };
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${at}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^dl1:(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(text);
  if (!match) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this API handed out', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return { at: match[1], id: match[2] };
}
