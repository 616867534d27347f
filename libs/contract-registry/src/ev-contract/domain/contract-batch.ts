import { DomainError } from '@roaming/shared-kernel';
import type { EvContractRecord } from './contract-record';
import { parseContractSubmission } from './contract-submission';
import { decideUpsert } from './contract-upsert';
import { EvContractErrors } from './ev-contract.errors';
import type { EvContractBatchApplied } from './ev-contract.events';

/** Rows per batch: thousands per request, and one batch event stays well below a megabyte per thousand tokens. */
export const MAX_BATCH_CONTRACTS = 5000;

/** One refused row of a batch: where, why (the code and rule of the first broken rule found in it) and which field. */
export interface BatchRowError {
  index: number;
  /** The EMAID as sent, when the row had one as a string (to find the row); null otherwise. */
  emaid: string | null;
  code: string;
  field: string;
  rule: string;
  message: string;
}

export type ParsedRow = { index: number; record: EvContractRecord } | { index: number; error: BatchRowError };

/** Checks every row on its own (format, check digit, provider, tokens); bad rows are kept as errors, not thrown. */
export function parseContractRows(rows: readonly unknown[], emspPartyId: string): ParsedRow[] {
  return rows.map((row, index) => {
    try {
      return { index, record: parseContractSubmission(row, emspPartyId, `contracts.${index}.`) };
    } catch (error) {
      return { index, error: rowError(index, sentEmaid(row), error) };
    }
  });
}

export interface ContractBatchCommand {
  batchId: string;
  emspPartyId: string;
  source: 'rest' | 'kafka';
  rows: readonly ParsedRow[];
  at: string;
}

/** The contract book of the EVSP, for the contracts and uids the batch names (looked up before deciding). */
export interface ContractBookSlice {
  contracts: ReadonlyMap<string, EvContractRecord>;
  /** uid → EMAID of the contract it names within the EVSP. */
  uidOwners: ReadonlyMap<string, string>;
}

export interface ContractBatchOutcome {
  /** null when every row was already stored as sent: nothing to append. */
  event: EvContractBatchApplied | null;
  registered: number;
  replaced: number;
  unchanged: number;
}

/**
 * Decides a whole batch, all or nothing (GeM 1497/1514 "Inconsistent state" is the failure to avoid): either every
 * row can be stored and one event records all changes, or nothing is stored and every bad row is reported with its
 * index, code and rule. Besides each row's own rules, the batch must not name an EMAID twice nor give one uid to two
 * contracts, and a uid must not name another contract of the EVSP already (set-wise against the book).
 */
export function decideContractBatch(command: ContractBatchCommand, book: ContractBookSlice): ContractBatchOutcome {
  const errors: BatchRowError[] = [];
  const decided: { change: 'registered' | 'replaced' | 'unchanged'; record: EvContractRecord }[] = [];
  const emaidRow = new Map<string, number>();
  // Uids claimed by earlier rows of this batch count like claims in the book.
  const owners = new Map(book.uidOwners);
  for (const row of command.rows) {
    if ('error' in row) {
      errors.push(row.error);
      continue;
    }
    const prefix = `contracts.${row.index}.`;
    const { record } = row;
    try {
      if (emaidRow.has(record.emaid)) throw EvContractErrors.duplicateInBatch(`${prefix}emaid`);
      record.tokens.forEach((token, t) => {
        const owner = owners.get(token.uid);
        const earlierRow = owner !== undefined && owner !== record.emaid && !book.uidOwners.has(token.uid);
        if (earlierRow) throw EvContractErrors.tokenUidDuplicate(`${prefix}tokens.${t}.uid`, 'unique-in-batch');
      });
      const outcome = decideUpsert(record, book.contracts.get(record.emaid) ?? null, owners, command.at, prefix);
      emaidRow.set(record.emaid, row.index);
      for (const token of record.tokens) owners.set(token.uid, record.emaid);
      decided.push(outcome);
    } catch (error) {
      errors.push(rowError(row.index, record.emaid, error));
    }
  }
  if (errors.length > 0) throw ContractBatchRejected.because(errors);

  const changed = decided.filter(
    (d): d is { change: 'registered' | 'replaced'; record: EvContractRecord } => d.change !== 'unchanged',
  );
  const count = (change: string) => decided.filter((d) => d.change === change).length;
  return {
    event:
      changed.length === 0
        ? null
        : {
            type: 'EvContractBatchApplied',
            data: {
              batchId: command.batchId,
              emspPartyId: command.emspPartyId,
              source: command.source,
              received: command.rows.length,
              contracts: changed.map(({ change, record }) => ({ change, contract: record })),
              appliedAt: command.at,
            },
          },
    registered: count('registered'),
    replaced: count('replaced'),
    unchanged: count('unchanged'),
  };
}

/** A refused batch: 400 CONTRACT_BATCH_INVALID with `rows`, every bad row by index. */
export const ContractBatchRejected = {
  because: (rows: BatchRowError[]) =>
    DomainError.validation(
      'CONTRACT_BATCH_INVALID',
      `${rows.length} row(s) of the batch break a rule; nothing was stored (all or nothing)`,
      { rows },
    ),
};

function sentEmaid(row: unknown): string | null {
  const emaid = typeof row === 'object' && row !== null ? (row as { emaid?: unknown }).emaid : undefined;
  return typeof emaid === 'string' ? emaid : null;
}

function rowError(index: number, emaid: string | null, error: unknown): BatchRowError {
  if (!(error instanceof DomainError)) throw error;
  return {
    index,
    emaid,
    code: error.code,
    field: typeof error.details.field === 'string' ? error.details.field : `contracts.${index}`,
    rule: typeof error.details.rule === 'string' ? error.details.rule : error.code,
    message: error.message,
  };
}
