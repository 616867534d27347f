import { ANY, NO_STREAM, START as ESDB_START, type RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { START } from '../event-store.port';
import {
  checkpointToPosition,
  decodeMetadata,
  encodeMetadata,
  isAfter,
  isSystemEvent,
  positionToCheckpoint,
  readPositionFor,
  toExpectedRevision,
  toRecordedEvent,
  versionOf,
} from './esdb-mapping';

describe('ESDB mapping: expected version -> expected revision', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    [0, NO_STREAM],
    [1, 0n],
    [42, 41n],
  ] as const)('maps %p to %p', (expected, revision) => {
    expect(toExpectedRevision(expected)).toBe(revision);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p, naming the rule', (expected) => {
    expect(() => toExpectedRevision(expected)).toThrow(/expectedVersion must be/);
  });

  it('reads a revision back as our version', () => {
    expect(versionOf(NO_STREAM)).toBe(0);
    expect(versionOf(0n)).toBe(1);
    expect(versionOf(41n)).toBe(42);
  });
});

describe('ESDB mapping: $all position <-> checkpoint', () => {
  it('keeps commit as transaction id and prepare as global position, beyond 2^53', () => {
    const position = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 3n };
    const checkpoint = positionToCheckpoint(position);
    expect(checkpoint).toEqual({ transactionId: '1152921504606846983', globalPosition: '1152921504606846979' });
    expect(checkpointToPosition(checkpoint)).toEqual(position);
    expect(readPositionFor(checkpoint)).toEqual(position);
  });

  it('reads START as the start of $all', () => {
    expect(checkpointToPosition(START)).toBeUndefined();
    expect(readPositionFor(START)).toBe(ESDB_START);
  });

  it('refuses a checkpoint that is not decimal', () => {
    expect(() => checkpointToPosition({ transactionId: '1e3', globalPosition: '0' })).toThrow(/transactionId/);
    expect(() => checkpointToPosition({ transactionId: '1', globalPosition: '-5' })).toThrow(/globalPosition/);
  });

  it('orders positions by commit, then prepare, strictly', () => {
    const floor = { commit: 10n, prepare: 5n };
    expect(isAfter({ commit: 10n, prepare: 5n }, floor)).toBe(false);
    expect(isAfter({ commit: 10n, prepare: 6n }, floor)).toBe(true);
    expect(isAfter({ commit: 11n, prepare: 0n }, floor)).toBe(true);
    expect(isAfter({ commit: 9n, prepare: 99n }, floor)).toBe(false);
    expect(isAfter({ commit: 0n, prepare: 0n }, undefined)).toBe(true);
  });

  it('tells ESDB system records from ours', () => {
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$cdr-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$ce-cdr', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'cdr-1', type: 'CdrReceived' })).toBe(false);
  });
});

describe('ESDB mapping: metadata envelope', () => {
  const envelope = {
    metadata: {
      correlationId: 'c-1',
      actor: 'DEABC',
      nested: { z: 1, a: [1, 2] },
      messageId: 'b0a2d6a4-5f1e-4a53-9a3c-3f0b8f3c2d11',
      recordedAt: '2026-03-01T10:00:00.000Z',
    },
    schemaVersion: 2,
    hash: 'ab'.repeat(32),
  };

  it('round-trips through JSON unchanged', () => {
    const stored = JSON.parse(JSON.stringify(encodeMetadata(envelope))) as unknown;
    expect(decodeMetadata(stored, 'e-1')).toEqual(envelope);
  });

  it('refuses caller metadata that would collide with the store fields', () => {
    expect(() => encodeMetadata({ ...envelope, metadata: { ...envelope.metadata, hash: 'mine' } })).toThrow(/"hash"/);
    expect(() => encodeMetadata({ ...envelope, metadata: { ...envelope.metadata, schemaVersion: 1 } })).toThrow(
      /"schemaVersion"/,
    );
  });

  it('refuses metadata not written by this store', () => {
    expect(() => decodeMetadata(undefined, 'e-1')).toThrow(/e-1 has no JSON metadata/);
    expect(() => decodeMetadata(new Uint8Array([1]), 'e-1')).toThrow(/no JSON metadata/);
    expect(() => decodeMetadata({ $correlationId: 'x' }, 'e-2')).toThrow(/e-2 lacks/);
  });
});

describe('ESDB mapping: recorded event', () => {
  const esdbEvent = (overrides: Partial<Record<string, unknown>> = {}) =>
    ({
      streamId: 'settlementPeriod-DEABC+2026-07',
      id: 'b0a2d6a4-5f1e-4a53-9a3c-3f0b8f3c2d11',
      revision: 4n,
      type: 'SettlementLineAdded',
      data: { amount: { amount: '3.10', currency: 'EUR' } },
      metadata: encodeMetadata({
        metadata: { messageId: 'b0a2d6a4-5f1e-4a53-9a3c-3f0b8f3c2d11', recordedAt: '2026-03-01T10:00:00.000Z' },
        schemaVersion: 1,
        hash: 'cd'.repeat(32),
      }),
      isJson: true,
      created: new Date('2026-03-01T10:00:00.001Z'),
      position: { commit: 9000n, prepare: 8990n },
      ...overrides,
    }) as EsdbRecordedEvent;

  it('numbers the stream from 1 and places the event by its $all position', () => {
    expect(toRecordedEvent(esdbEvent())).toEqual({
      type: 'SettlementLineAdded',
      data: { amount: { amount: '3.10', currency: 'EUR' } },
      metadata: { messageId: 'b0a2d6a4-5f1e-4a53-9a3c-3f0b8f3c2d11', recordedAt: '2026-03-01T10:00:00.000Z' },
      messageId: 'b0a2d6a4-5f1e-4a53-9a3c-3f0b8f3c2d11',
      schemaVersion: 1,
      streamName: 'settlementPeriod-DEABC+2026-07',
      category: 'settlementPeriod',
      streamPosition: 5,
      globalPosition: '8990',
      transactionId: '9000',
      recordedAt: '2026-03-01T10:00:00.000Z',
      hash: 'cd'.repeat(32),
    });
  });

  it('refuses binary events and events without a position', () => {
    expect(() => toRecordedEvent(esdbEvent({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not JSON/);
    expect(() => toRecordedEvent(esdbEvent({ position: undefined }))).toThrow(/22\.6 or later/);
  });
});
