import {
  ANY,
  NO_STREAM,
  START as ESDB_START,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { Checkpoint, EventMetadata, ExpectedVersion, RecordedEvent } from '../event-store.port';
import { categoryOf } from '../stream-name';

/*
 * Pure translations between the port's vocabulary and EventStoreDB's. Our stream versions are 1-based counts (0 = no
 * stream); ESDB revisions are 0-based indexes of the last event. A $all position { commit, prepare } becomes a
 * Checkpoint { transactionId: commit, globalPosition: prepare }, which keeps the port's (transaction, position) order.
 */

/** The revision ESDB must find for an append that expects our `expected` version. */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new Error(`expectedVersion must be 'any', 'no_stream' or a whole number >= 0, got ${String(expected)}`);
  }
  return expected === 0 ? NO_STREAM : BigInt(expected - 1);
}

/** Our version of a stream whose last event has `revision` ('no_stream' = version 0). */
export function versionOf(revision: CurrentRevision): number {
  return revision === NO_STREAM ? 0 : Number(revision) + 1;
}

export function positionToCheckpoint(position: Position): Checkpoint {
  return { transactionId: position.commit.toString(10), globalPosition: position.prepare.toString(10) };
}

/** The $all position a checkpoint stands for; `undefined` for START (read from the very first record). */
export function checkpointToPosition(checkpoint: Checkpoint): Position | undefined {
  const commit = decimal('transactionId', checkpoint.transactionId);
  const prepare = decimal('globalPosition', checkpoint.globalPosition);
  return commit === 0n && prepare === 0n ? undefined : { commit, prepare };
}

export function readPositionFor(checkpoint: Checkpoint): ReadPosition {
  return checkpointToPosition(checkpoint) ?? ESDB_START;
}

/** True when `position` comes strictly after `floor` in $all (no floor = everything does). */
export function isAfter(position: Position, floor: Position | undefined): boolean {
  if (!floor) return true;
  return position.commit > floor.commit || (position.commit === floor.commit && position.prepare > floor.prepare);
}

/** ESDB's own records ($stats, $metadata, $> links, projections' streams) are never events of ours. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function decimal(field: keyof Checkpoint, value: string): bigint {
  if (!/^\d+$/.test(value)) throw new Error(`checkpoint ${field} must be a decimal string, got "${value}"`);
  return BigInt(value);
}

/** Store fields kept in ESDB's metadata beside the event's own metadata. */
export const RESERVED_METADATA_KEYS = ['schemaVersion', 'hash'] as const;

/** What the hash chain covers as metadata: the caller's metadata stamped with message id and recording time. */
export type StampedMetadata = EventMetadata & { messageId: string; recordedAt: string };

export interface StoredEnvelope {
  metadata: StampedMetadata;
  schemaVersion: number;
  hash: string;
}

/**
 * ESDB has no columns for schema version and hash, so they travel in the event's metadata JSON. They sit beside the
 * caller's keys, so a caller's key of the same name would be overwritten and break the chain: refused instead.
 */
export function encodeMetadata(envelope: StoredEnvelope): Record<string, unknown> {
  for (const key of RESERVED_METADATA_KEYS) {
    if (key in envelope.metadata) throw new Error(`event metadata must not carry "${key}": the store keeps it there`);
  }
  return { ...envelope.metadata, schemaVersion: envelope.schemaVersion, hash: envelope.hash };
}

export function decodeMetadata(raw: unknown, eventId: string): StoredEnvelope {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new Error(`event ${eventId} has no JSON metadata object: it was not written by this store`);
  }
  const { schemaVersion, hash, ...metadata } = raw as Record<string, unknown>;
  if (
    typeof schemaVersion !== 'number' ||
    typeof hash !== 'string' ||
    typeof metadata.messageId !== 'string' ||
    typeof metadata.recordedAt !== 'string'
  ) {
    throw new Error(
      `event ${eventId} lacks schemaVersion, hash, messageId or recordedAt: it was not written by this store`,
    );
  }
  return { metadata: metadata as StampedMetadata, schemaVersion, hash };
}

/** An ESDB event as the port's stored (not upcast) event. */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.isJson) throw new Error(`event ${event.id} in ${event.streamId} is not JSON: not written by this store`);
  if (!event.position) {
    throw new Error(`event ${event.id} came without its $all position: EventStoreDB 22.6 or later is needed`);
  }
  const { metadata, schemaVersion, hash } = decodeMetadata(event.metadata, event.id);
  const { transactionId, globalPosition } = positionToCheckpoint(event.position);
  return {
    type: event.type,
    data: event.data,
    metadata,
    messageId: event.id,
    schemaVersion,
    streamName: event.streamId,
    category: categoryOf(event.streamId),
    streamPosition: Number(event.revision) + 1,
    globalPosition,
    transactionId,
    recordedAt: metadata.recordedAt,
    hash,
  };
}
