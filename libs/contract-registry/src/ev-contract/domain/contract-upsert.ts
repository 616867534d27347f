import { type EvContractRecord, sameRecord } from './contract-record';
import { EvContractErrors } from './ev-contract.errors';

export type ContractChange = 'registered' | 'replaced';

export interface UpsertOutcome {
  change: ContractChange | 'unchanged';
  record: EvContractRecord;
}

/**
 * What storing a submitted contract record does, given the contract as it is (null = none) and which contract each
 * submitted uid already names within the EVSP (GeM 983: the hub's list is kept in sync with the EVSP's binding data).
 * - a new contract is registered; its validity must still lie ahead;
 * - an existing one is replaced by the submission, except that a token the EVSP no longer lists stays, deactivated:
 *   tokens are never removed, so a uid keeps naming one contract (and its history) for good;
 * - the same record again changes nothing.
 * A uid naming another contract of the EVSP, or a token changing its type, is refused.
 */
export function decideUpsert(
  submitted: EvContractRecord,
  current: EvContractRecord | null,
  uidOwners: ReadonlyMap<string, string>,
  at: string,
  prefix = '',
): UpsertOutcome {
  submitted.tokens.forEach((token, index) => {
    const owner = uidOwners.get(token.uid);
    if (owner !== undefined && owner !== submitted.emaid)
      throw EvContractErrors.tokenUidTaken(`${prefix}tokens.${index}.uid`);
    const known = current?.tokens.find((t) => t.uid === token.uid);
    if (known && known.type !== token.type) throw EvContractErrors.tokenTypeChanged(`${prefix}tokens.${index}.uid`);
  });
  if (current === null) {
    if (submitted.validUntil !== null && submitted.validUntil <= at) {
      throw EvContractErrors.validityInvalid(`${prefix}validUntil`, 'in-future', 'validUntil must lie in the future');
    }
    return { change: 'registered', record: submitted };
  }
  const listed = new Set(submitted.tokens.map((t) => t.uid));
  const dropped = current.tokens
    .filter((t) => !listed.has(t.uid))
    .map((t) => ({ ...t, status: 'deactivated' as const }));
  const record: EvContractRecord = { ...submitted, tokens: [...submitted.tokens, ...dropped] };
  return { change: sameRecord(record, current) ? 'unchanged' : 'replaced', record };
}
