import { Injectable } from '@nestjs/common';
import { CheckpointedProcessor, EventStore } from '@roaming/event-store';
import { AGREEMENT_CATEGORY } from './agreement/domain/agreement.stream';
import {
  AGREEMENT_LIST_PROCESSOR_ID,
  projectAgreementList,
} from './agreement/projections/agreement-list/agreement-list.projector';
import { CONTRACT_BATCH_CATEGORY, EV_CONTRACT_CATEGORY } from './ev-contract/domain/ev-contract.stream';
import { projectWhitelist, WHITELIST_PROCESSOR_ID } from './ev-contract/projections/whitelist/whitelist.projector';
import { TARIFF_CATEGORY } from './tariff/domain/tariff.stream';
import { projectTariffList, TARIFF_LIST_PROCESSOR_ID } from './tariff/projections/tariff-list/tariff-list.projector';

/** Events per whitelist batch: contract batch events carry thousands of tokens each. */
const WHITELIST_EVENTS_PER_BATCH = 10;

/**
 * The processors that project agreement, contract and tariff events into the `registry` schema: the agreement list,
 * the tariff list and the CPO whitelists. (Partner projections, which feed authentication, are PartnerProjections.)
 */
@Injectable()
export class RegistryProjections {
  readonly processors: readonly CheckpointedProcessor[];

  constructor(store: EventStore) {
    this.processors = [
      new CheckpointedProcessor({
        processorId: AGREEMENT_LIST_PROCESSOR_ID,
        store,
        categories: [AGREEMENT_CATEGORY],
        handle: projectAgreementList,
      }),
      new CheckpointedProcessor({
        processorId: TARIFF_LIST_PROCESSOR_ID,
        store,
        categories: [TARIFF_CATEGORY],
        handle: projectTariffList,
      }),
      new CheckpointedProcessor({
        processorId: WHITELIST_PROCESSOR_ID,
        store,
        categories: [EV_CONTRACT_CATEGORY, CONTRACT_BATCH_CATEGORY, AGREEMENT_CATEGORY],
        batchSize: WHITELIST_EVENTS_PER_BATCH,
        handle: projectWhitelist,
      }),
    ];
  }
}
