import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, type SqlExecutor } from '@roaming/event-store';
import { PartyDirectory } from '../../../partner/party-directory';
import { ContractBook } from '../../contract-book/contract-book';
import { decideContractBatch, parseContractRows } from '../../domain/contract-batch';
import type { EvContractBatchApplied } from '../../domain/ev-contract.events';
import { evolveInBook, initialEvContractState, type RegisteredEvContract } from '../../domain/ev-contract.state';
import { contractBatchStream } from '../../domain/ev-contract.stream';
import { assertStoresContractsHere } from '../ev-contract-access';

/** What a batch did: every row either registered, replaced or left unchanged (all or nothing). */
export interface ContractBatchReceipt {
  batchId: string;
  emspPartyId: string;
  received: number;
  registered: number;
  replaced: number;
  unchanged: number;
}

export interface ContractBatchInput {
  batchId: string;
  emspPartyId: string;
  source: 'rest' | 'kafka';
  rows: readonly unknown[];
  metadata: EventMetadata;
  at: string;
  /** A consumer's transaction (Kafka door); the REST door uses its own. */
  tx?: SqlExecutor;
}

/**
 * Stores a batch of an EVSP's contracts, the same way for the REST door and the Kafka door: each row checked on its
 * own first (outside any transaction), then, holding the EVSP's contract book, the whole batch decided set-wise on the
 * contracts and uid claims it names, recorded as ONE event on `contractBatch-<EMSP>+<batchId>` and written to the book
 * in the same transaction. A batch id seen before answers what that batch did, so a retried request or a redelivered
 * message changes nothing.
 */
@Injectable()
export class ContractBatchApplier {
  constructor(
    private readonly book: ContractBook,
    private readonly store: EventStore,
    private readonly parties: PartyDirectory,
  ) {}

  async apply(input: ContractBatchInput): Promise<ContractBatchReceipt> {
    const { batchId, emspPartyId, rows, at } = input;
    const parsed = parseContractRows(rows, emspPartyId);
    const records = parsed.flatMap((row) => ('record' in row ? [row.record] : []));
    const stream = contractBatchStream(emspPartyId, batchId);
    return this.book.write(
      emspPartyId,
      async (tx) => {
        const [earlier] = await this.store.readStream(stream, { tx });
        if (earlier) return receipt(earlier.data as EvContractBatchApplied['data']);
        await assertStoresContractsHere(this.parties, emspPartyId, tx);
        const contracts = await this.book.contracts(
          tx,
          records.map((r) => r.emaid),
        );
        const uidOwners = await this.book.uidOwners(
          tx,
          emspPartyId,
          records.flatMap((r) => r.tokens.map((t) => t.uid)),
        );
        const outcome = decideContractBatch(
          { batchId, emspPartyId, source: input.source, rows: parsed, at },
          { contracts, uidOwners },
        );
        if (outcome.event) {
          const event = outcome.event;
          await this.store.append(stream, [{ type: event.type, data: event.data, metadata: input.metadata }], {
            tx,
            expectedVersion: 'no_stream',
          });
          const changed = event.data.contracts.map(
            ({ contract }) =>
              evolveInBook(
                contracts.get(contract.emaid) ?? initialEvContractState(),
                event,
                contract.emaid,
              ) as RegisteredEvContract,
          );
          await this.book.save(tx, emspPartyId, changed, at);
        }
        return {
          batchId,
          emspPartyId,
          received: rows.length,
          registered: outcome.registered,
          replaced: outcome.replaced,
          unchanged: outcome.unchanged,
        };
      },
      input.tx,
    );
  }
}

function receipt(data: EvContractBatchApplied['data']): ContractBatchReceipt {
  const registered = data.contracts.filter((c) => c.change === 'registered').length;
  const replaced = data.contracts.length - registered;
  return {
    batchId: data.batchId,
    emspPartyId: data.emspPartyId,
    received: data.received,
    registered,
    replaced,
    unchanged: data.received - registered - replaced,
  };
}
