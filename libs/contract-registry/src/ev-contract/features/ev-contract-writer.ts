import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, type SqlExecutor } from '@roaming/event-store';
import type { Emaid } from '@roaming/shared-kernel';
import { ContractBook } from '../contract-book/contract-book';
import type { EvContractCommand } from '../domain/ev-contract.commands';
import { decideEvContract } from '../domain/ev-contract.decide';
import { EvContractErrors } from '../domain/ev-contract.errors';
import type { EvContractEvent } from '../domain/ev-contract.events';
import { type EvContractState, evolveEvContract, type RegisteredEvContract } from '../domain/ev-contract.state';
import { evContractStream } from '../domain/ev-contract.stream';

export interface EvContractWriteResult {
  contract: RegisteredEvContract;
  events: EvContractEvent[];
}

/**
 * Decides one command about one contract on the contract book (holding its EVSP's book, see ContractBook), appends
 * the events to the contract's own stream `evContract-<EMAID>` and writes the book, in one transaction.
 */
@Injectable()
export class EvContractWriter {
  constructor(
    private readonly book: ContractBook,
    private readonly store: EventStore,
  ) {}

  /** `command` is built on the contract as the book holds it (e.g. to look up uid claims). */
  execute(
    emaid: Emaid,
    command: (state: EvContractState, tx: SqlExecutor) => Promise<EvContractCommand> | EvContractCommand,
    metadata: EventMetadata,
    at: string,
  ): Promise<EvContractWriteResult> {
    const emsp = emaid.providerId.value;
    return this.book.write(emsp, async (tx) => {
      const state = await this.book.contract(tx, emaid.value);
      const events = decideEvContract(await command(state, tx), state);
      if (events.length === 0) {
        if (state.kind !== 'registered') throw EvContractErrors.notFound();
        return { contract: state, events };
      }
      // The EVSP's book lock orders every change of this contract: no stream version check is needed on top.
      await this.store.append(
        evContractStream(emaid.value),
        events.map((event) => ({ type: event.type, data: event.data, metadata })),
        { tx },
      );
      const next = events.reduce(evolveEvContract, state);
      if (next.kind !== 'registered') throw new Error(`contract ${emaid.value} missing after ${events[0].type}`);
      await this.book.save(tx, emsp, [next], at);
      return { contract: next, events };
    });
  }
}
