import { Logger } from '@nestjs/common';
import { type EvseStatusesChangedV1, type EvseStatusV1, partnerOutboundTopic } from '@roaming/contracts';
import { type Database, type EventStore } from '@roaming/event-store';
import { HEADER, type MessageBus, type OutboundMessage } from '@roaming/messaging';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import type { RegistryViewRepository } from '../../registry-view/registry-view.repository';
import { evseStatusFeedStream } from '../domain';

export const STATUS_PUSH_RELAY_ID = 'relay:station-management.evse-status';

interface ChangedRow {
  change_seq: string;
  evse_id: string;
  operator_party_id: string;
  status: EvseStatusV1;
  observed_at: Date | string;
}

/**
 * eMI3 UCE U push "MCH → EVSP": follows the latest-status view by its change sequence (not the report feed, which it
 * would have to read a second time at thousands of reports per second) and sends, per operator, ONE message to every
 * EVSP with an agreement in force with that operator, holding the newest status of each EVSE that changed (a delta of
 * changed EVSEs, UCE MD 2.2.2). Its cursor is a checkpoint row moved only after the broker acknowledged; after a crash
 * the same rows go out again under the same message ids. Statuses carry observedAt, so a receiver that keeps the
 * newest is unaffected by a repeat.
 */
export class StatusPushRelay {
  private readonly logger = new Logger(`Relay ${STATUS_PUSH_RELAY_ID}`);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private unsubscribe?: () => void;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly registry: RegistryViewRepository,
    private readonly batchSize = 2000,
  ) {}

  /** Pushes everything changed so far; returns how many EVSE changes it pushed. */
  async catchUp(): Promise<number> {
    let pushed = 0;
    for (;;) {
      const n = await this.pushBatch();
      if (n === 0) return pushed;
      pushed += n;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The view changes right after feed appends in this process: wake up then, poll otherwise.
    this.unsubscribe = this.store.onAppended(() => this.wake?.());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let pushed = 0;
      try {
        pushed = await this.pushBatch();
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error(`push failed (attempt ${failures}): ${(error as Error).message}`);
      }
      if (pushed === 0) await this.idle(failures > 0 ? Math.min(100 * 2 ** failures, 10_000) : 200);
    }
  }

  private async pushBatch(): Promise<number> {
    const from = await this.store.readCheckpoint(STATUS_PUSH_RELAY_ID);
    const { rows } = await this.db.query<ChangedRow>(
      `SELECT s.change_seq::text AS change_seq, s.evse_id, e.operator_party_id, s.status, s.observed_at
       FROM station.evse_status s JOIN station.evses e ON e.evse_id = s.evse_id
       WHERE s.change_seq > $1::bigint ORDER BY s.change_seq LIMIT $2`,
      [from.globalPosition, this.batchSize],
    );
    if (rows.length === 0) return 0;
    const last = rows[rows.length - 1].change_seq;
    const at = new Date().toISOString();
    const messages: OutboundMessage[] = [];
    // At most MESSAGE_STATUSES per message (≈ 90 kB): whatever shares a partition stays below Kafka's limits.
    for (const [group, changed] of chunked(groupBy(rows, (r) => r.operator_party_id))) {
      const operatorPartyId = group;
      const value: EvseStatusesChangedV1 = {
        type: 'EvseStatusesChanged',
        schemaVersion: 1,
        occurredAt: at,
        data: {
          operatorPartyId,
          statuses: changed.map((r) => ({
            evseId: r.evse_id,
            status: r.status,
            observedAt: new Date(r.observed_at).toISOString(),
          })),
        },
      };
      for (const emsp of await this.registry.emspsAgreedWith([operatorPartyId], at)) {
        messages.push({
          topic: partnerOutboundTopic(emsp),
          key: evseStatusFeedStream(operatorPartyId),
          value,
          headers: {
            [HEADER.messageId]: uuidV5(
              `evse-status-push:${from.globalPosition}:${last}:${operatorPartyId}:${changed[0].change_seq}:${emsp}`,
              CLEARING_HOUSE_NAMESPACE,
            ),
            [HEADER.type]: value.type,
            [HEADER.schemaVersion]: '1',
          },
        });
      }
    }
    if (messages.length > 0) await this.bus.publish(messages);
    const moved = await this.store.advanceCheckpoint(STATUS_PUSH_RELAY_ID, from, {
      transactionId: '0',
      globalPosition: last,
    });
    // Another instance moved the cursor first: it pushed these rows too (same message ids), so nothing is lost.
    return moved ? rows.length : 0;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

const MESSAGE_STATUSES = 1000;

function* chunked<T>(groups: Map<string, T[]>): Generator<[string, T[]]> {
  for (const [key, items] of groups) {
    for (let i = 0; i < items.length; i += MESSAGE_STATUSES) yield [key, items.slice(i, i + MESSAGE_STATUSES)];
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
