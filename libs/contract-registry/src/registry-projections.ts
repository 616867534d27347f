import { Injectable } from '@nestjs/common';
import { CheckpointedProcessor, EventStore } from '@roaming/event-store';
import { AGREEMENT_CATEGORY } from '../../agreement/domain/agreement.stream';
import { CONTRACT_BATCH_CATEGORY, EV_CONTRACT_CATEGORY } from '../domain/ev-contract.stream';
import { projectWhitelist, WHITELIST_PROCESSOR_ID } from './whitelist/whitelist.projector';

/** Events per whitelist batch: contract batch events carry thousands of tokens each. */
const EVENTS_PER_BATCH = 10;

/** The processors that project contract (and agreement) events into the `registry` schema: the CPO whitelists. */
@Injectable()
export class ContractProjections {
  readonly processors: readonly CheckpointedProcessor[];

  constructor(store: EventStore) {
    this.processors = [
      new CheckpointedProcessor({
        processorId: WHITELIST_PROCESSOR_ID,
        store,
        categories: [EV_CONTRACT_CATEGORY, CONTRACT_BATCH_CATEGORY, AGREEMENT_CATEGORY],
        batchSize: EVENTS_PER_BATCH,
        handle: projectWhitelist,
      }),
    ];
  }
}
