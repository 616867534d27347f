import { Injectable } from '@nestjs/common';
import {
  Database,
  type EventMetadata,
  EventStore,
  handleCommand,
  loadState,
  type SqlExecutor,
} from '@roaming/event-store';
import { agreementPairDecider } from '../../agreement-pair/domain/agreement-pair.decider';
import { agreementPairStream } from '../../agreement-pair/domain/agreement-pair.stream';
import { partyAgreementsDecider } from '../../party-agreements/domain/party-agreements.decider';
import { partyAgreementsStream } from '../../party-agreements/domain/party-agreements.stream';
import { writeConsistently } from '../../shared/consistent-write';
import type { AgreementCommand } from '../domain/agreement.commands';
import { agreementDecider } from '../domain/agreement.decider';
import type { AgreementEvent } from '../domain/agreement.events';
import { ledgerCommandsFor, pairCommandFor } from './agreement-guards';
import type { AgreementState, ExistingAgreement } from '../domain/agreement.state';
import { agreementStream } from '../domain/agreement.stream';

/** What to decide, worked out from the agreement as it is (who acts, which side): access refusals append nothing. */
export interface AgreementStep {
  command: AgreementCommand;
  metadata: EventMetadata;
}

/**
 * Decides one agreement command and keeps, in the same transaction, the two streams that guard agreements across
 * aggregates: the pair's periods (`agreementPair-<CPO>+<EMSP>`: no two agreements of a pair overlap) and both
 * parties' ledgers (`partyAgreements-<party>`: a partner with agreements that still bind it cannot be deactivated).
 * Either all of it commits or none; a lost race is re-decided on fresh state (writeConsistently).
 */
@Injectable()
export class AgreementWriter {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
  ) {}

  /** `step` sees the agreement before the command (in the transaction) and may refuse by throwing. */
  async execute(
    agreementId: string,
    step: (state: AgreementState, tx: SqlExecutor) => AgreementStep | Promise<AgreementStep>,
  ): Promise<ExistingAgreement> {
    const stream = agreementStream(agreementId);
    return writeConsistently(this.db, async (tx) => {
      const { command, metadata } = await step((await loadState(this.store, stream, agreementDecider, tx)).state, tx);
      const { state, newEvents } = await handleCommand(this.store, stream, agreementDecider, command, { tx, metadata });
      if (state.kind !== 'existing') throw new Error(`agreement ${agreementId} missing after ${command.type}`);
      for (const event of newEvents) await this.keepGuardsInStep(event, tx, metadata);
      return state;
    });
  }

  private async keepGuardsInStep(event: AgreementEvent, tx: SqlExecutor, metadata: EventMetadata): Promise<void> {
    const pairCommand = pairCommandFor(event);
    if (pairCommand) {
      const { cpoPartyId, emspPartyId } = pairCommand.data;
      await handleCommand(this.store, agreementPairStream(cpoPartyId, emspPartyId), agreementPairDecider, pairCommand, {
        tx,
        metadata,
      });
    }
    for (const command of ledgerCommandsFor(event)) {
      await handleCommand(this.store, partyAgreementsStream(command.data.partyId), partyAgreementsDecider, command, {
        tx,
        metadata,
      });
    }
  }
}
