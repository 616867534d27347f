import { Injectable } from '@nestjs/common';
import { type Checkpoint, Database, EventStore, runningProcessors } from '@roaming/event-store';
import { AuditReader } from '@roaming/event-store/audit';
import { DomainError } from '@roaming/shared-kernel';
import type { ProjectionStatus } from '../projections/versioned-projection';
import { VersionedProjections } from '../projections/versioned-projections';

export interface ProcessorView {
  processorId: string;
  /** Known while it runs in this process (or is a version of a versioned projection); null otherwise. */
  categories: readonly string[] | null;
  running: boolean;
  /**
   * Running here: whether this instance holds the processor's lease and does its work (true), or another instance
   * does (false). Null when it does not run in this process.
   */
  leading: boolean | null;
  checkpoint: Checkpoint | null;
  checkpointUpdatedAt: string | null;
  /** Events after the checkpoint in its categories; null when its categories are not known here. */
  lag: number | null;
  /** For a version of a versioned projection: the projection's state (active version, rebuild in progress). */
  projection: ProjectionStatus | null;
}

interface CheckpointRow {
  processor_id: string;
  transaction_id: string;
  global_position: string;
  updated_at: Date | string;
}

/**
 * Status of every processor of this app's store: those running in this process, the versions of its versioned
 * projections, and every checkpoint row (processors of other instances, old versions). Lag = events after the
 * checkpoint in the processor's categories.
 */
@Injectable()
export class ProcessorStatus {
  private readonly reader: AuditReader;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projections: VersionedProjections,
  ) {
    this.reader = new AuditReader(db);
  }

  async list(): Promise<ProcessorView[]> {
    const { rows } = await this.db.query<CheckpointRow>(
      `SELECT processor_id, transaction_id::text AS transaction_id, global_position::text AS global_position, updated_at
       FROM es.checkpoints ORDER BY processor_id`,
    );
    const checkpoints = new Map(rows.map((row) => [row.processor_id, row]));
    const categories = new Map<string, readonly string[]>();
    const running = new Map<string, boolean>();
    for (const processor of runningProcessors()) {
      if (processor.store !== this.store) continue;
      categories.set(processor.processorId, processor.categories);
      running.set(processor.processorId, processor.leading || running.get(processor.processorId) === true);
    }
    const byProcessor = new Map<string, ProjectionStatus>();
    for (const projection of this.projections.all()) {
      const status = await projection.status();
      byProcessor.set(status.processorId, status);
      categories.set(status.processorId, status.categories);
      if (status.rebuilding) {
        byProcessor.set(status.rebuilding.processorId, status);
        categories.set(status.rebuilding.processorId, status.categories);
      }
    }
    const ids = [...new Set([...checkpoints.keys(), ...categories.keys()])].sort();
    return Promise.all(
      ids.map(async (processorId): Promise<ProcessorView> => {
        const row = checkpoints.get(processorId);
        const checkpoint = row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : null;
        const known = categories.get(processorId) ?? null;
        return {
          processorId,
          categories: known,
          running: running.has(processorId),
          leading: running.get(processorId) ?? null,
          checkpoint,
          checkpointUpdatedAt: row ? new Date(row.updated_at).toISOString() : null,
          lag: known
            ? await this.reader.countAfter(checkpoint ?? { transactionId: '0', globalPosition: '0' }, known)
            : null,
          projection: byProcessor.get(processorId) ?? null,
        };
      }),
    );
  }

  async get(processorId: string): Promise<ProcessorView> {
    const found = (await this.list()).find((p) => p.processorId === processorId);
    if (!found) throw DomainError.notFound('PROCESSOR_NOT_FOUND', `no processor ${processorId} in this app's store`);
    return found;
  }
}
