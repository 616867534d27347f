import { Injectable, Logger } from '@nestjs/common';
import { type Checkpoint, CheckpointedProcessor, Database, EventStore } from '@roaming/event-store';
import { SqlCredentialDirectory } from '@roaming/platform';
import { PARTNER_CATEGORY } from '../domain/partner.stream';
import { CREDENTIALS_PROCESSOR_ID, projectCredentials, REGISTRY_SCHEMA } from './credentials/credentials.projector';
import { PARTNER_LIST_PROCESSOR_ID, projectPartnerList } from './partner-list/partner-list.projector';

const BARRIER_TIMEOUT_MS = 5_000;
const BARRIER_POLL_MS = 20;

/**
 * The processors that project partner events into the `registry` schema: the partner list and the credential
 * directory. Partner commands wait (briefly) for both to pass their event before answering, so that an operator
 * who has just issued, revoked or suspended a key sees the effect on the next call (read-your-writes).
 */
@Injectable()
export class PartnerProjections {
  private readonly logger = new Logger(PartnerProjections.name);
  readonly processors: readonly CheckpointedProcessor[];

  constructor(
    private readonly store: EventStore,
    db: Database,
  ) {
    const directory = new SqlCredentialDirectory(db, REGISTRY_SCHEMA);
    this.processors = [
      new CheckpointedProcessor({
        processorId: PARTNER_LIST_PROCESSOR_ID,
        store,
        categories: [PARTNER_CATEGORY],
        handle: projectPartnerList,
      }),
      new CheckpointedProcessor({
        processorId: CREDENTIALS_PROCESSOR_ID,
        store,
        categories: [PARTNER_CATEGORY],
        handle: (events, tx) => projectCredentials(directory, events, tx),
      }),
    ];
  }

  /**
   * Waits until every partner projection has handled the last event of `stream`. Gives up quietly after a few
   * seconds: the write is committed either way, and the projections catch up on their own.
   */
  async waitForStream(stream: string): Promise<void> {
    const events = await this.store.readStream(stream);
    const last = events[events.length - 1];
    if (!last) return;
    const target: Checkpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    const deadline = Date.now() + BARRIER_TIMEOUT_MS;
    for (const processor of this.processors) {
      while (!reached(await processor.checkpoint(), target)) {
        if (Date.now() > deadline) {
          this.logger.warn(`${processor.processorId} has not reached ${stream} yet; answering without waiting`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, BARRIER_POLL_MS));
      }
    }
  }
}

/** Checkpoints compare as (transaction id, global position), the order processors read in. */
function reached(at: Checkpoint, target: Checkpoint): boolean {
  const atTx = BigInt(at.transactionId);
  const targetTx = BigInt(target.transactionId);
  if (atTx !== targetTx) return atTx > targetTx;
  return BigInt(at.globalPosition) >= BigInt(target.globalPosition);
}
