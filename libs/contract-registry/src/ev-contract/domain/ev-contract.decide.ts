import type { ContractTokenRecord, EvContractRecord } from './contract-record';
import { parseContractSubmission } from './contract-submission';
import { namesToken } from './contract-token';
import { decideUpsert } from './contract-upsert';
import type {
  BlockToken,
  ChangeContractStatus,
  ChangeTokenStatus,
  EvContractCommand,
  RegisterEvContract,
  StoreEvContract,
  UnblockToken,
} from './ev-contract.commands';
import { EvContractErrors } from './ev-contract.errors';
import type { EvContractEvent } from './ev-contract.events';
import { type EvContractState, type RegisteredEvContract, recordOf } from './ev-contract.state';

/**
 * One EV contract's changes, decided on the contract as the contract book holds it (the uid claims of its EVSP come
 * with the command). Repeating a change that already happened changes nothing.
 */
export function decideEvContract(command: EvContractCommand, state: EvContractState): EvContractEvent[] {
  switch (command.type) {
    case 'RegisterEvContract':
      return register(command, state);
    case 'StoreEvContract':
      return store(command, state);
    case 'ChangeContractStatus':
      return changeStatus(command, registered(state));
    case 'BlockToken':
      return block(command, registered(state));
    case 'UnblockToken':
      return unblock(command, registered(state));
    case 'ChangeTokenStatus':
      return changeTokenStatus(command, registered(state));
  }
}

function registered(state: EvContractState): RegisteredEvContract {
  if (state.kind !== 'registered') throw EvContractErrors.notFound();
  return state;
}

/**
 * POST: registering the identical contract again (a retried request, a re-sync from the EVSP backend, GeM 983) is a
 * success that changes nothing; anything else under an existing EMAID must go through PUT or the status changes.
 */
function register({ data }: RegisterEvContract, state: EvContractState): EvContractEvent[] {
  const submitted = parseContractSubmission(data.submission, data.emspPartyId);
  const current = state.kind === 'registered' ? recordOf(state) : null;
  const outcome = decideUpsert(submitted, current, data.uidOwners, data.at);
  if (outcome.change === 'unchanged') return [];
  if (outcome.change === 'replaced') throw EvContractErrors.exists();
  return [registeredEvent(outcome.record, data.at)];
}

/** PUT: the submitted record is the contract now (GeM UC 1514 create, UC 1515 change). */
function store({ data }: StoreEvContract, state: EvContractState): EvContractEvent[] {
  const submitted = parseContractSubmission(data.submission, data.emspPartyId);
  const current = state.kind === 'registered' ? recordOf(state) : null;
  const outcome = decideUpsert(submitted, current, data.uidOwners, data.at);
  switch (outcome.change) {
    case 'unchanged':
      return [];
    case 'registered':
      return [registeredEvent(outcome.record, data.at)];
    case 'replaced':
      return [{ type: 'EvContractReplaced', data: { contract: outcome.record, replacedAt: data.at } }];
  }
}

function registeredEvent(record: EvContractRecord, at: string): EvContractEvent {
  const { emaid, emspPartyId, tokens, validUntil, status, allowedServices, allowOffline } = record;
  return {
    type: 'EvContractRegistered',
    data: { emaid, emspPartyId, tokens, validUntil, registeredAt: at, status, allowedServices, allowOffline },
  };
}

function changeStatus({ data }: ChangeContractStatus, contract: RegisteredEvContract): EvContractEvent[] {
  if (contract.status === data.status) return [];
  return [
    {
      type: 'EvContractStatusChanged',
      data: {
        contract: { ...recordOf(contract), status: data.status },
        previousStatus: contract.status,
        changedAt: data.at,
      },
    },
  ];
}

function block({ data }: BlockToken, contract: RegisteredEvContract): EvContractEvent[] {
  const token = findToken(contract, data.uid);
  if (token.status === 'blocked') return [];
  if (token.status !== 'active') throw EvContractErrors.tokenStatusConflict('blocked', token.status);
  return [{ type: 'TokenBlocked', data: { ...tokenFacts(contract, token), blockedAt: data.at } }];
}

function unblock({ data }: UnblockToken, contract: RegisteredEvContract): EvContractEvent[] {
  const token = findToken(contract, data.uid);
  if (token.status === 'active') return [];
  if (token.status !== 'blocked') throw EvContractErrors.tokenStatusConflict('unblocked', token.status);
  return [{ type: 'TokenUnblocked', data: { ...tokenFacts(contract, token), unblockedAt: data.at } }];
}

function changeTokenStatus({ data }: ChangeTokenStatus, contract: RegisteredEvContract): EvContractEvent[] {
  const token = findToken(contract, data.uid);
  if (token.status === data.status) return [];
  const record = recordOf(contract);
  return [
    {
      type: 'ContractTokenStatusChanged',
      data: {
        contract: {
          ...record,
          tokens: record.tokens.map((t) => (t.uid === token.uid ? { ...t, status: data.status } : t)),
        },
        uid: token.uid,
        previousStatus: token.status,
        changedAt: data.at,
      },
    },
  ];
}

function tokenFacts(contract: RegisteredEvContract, token: ContractTokenRecord) {
  return {
    emaid: contract.emaid,
    emspPartyId: contract.emspPartyId,
    uid: token.uid,
    tokenType: token.type,
    validUntil: contract.validUntil,
    contractStatus: contract.status,
    allowedServices: contract.allowedServices,
    allowOffline: contract.allowOffline,
  };
}

function findToken(contract: RegisteredEvContract, rawUid: string): ContractTokenRecord {
  const token = contract.tokens.find((t) => namesToken(t, rawUid, contract.emaid));
  if (!token) throw EvContractErrors.tokenNotFound();
  return token;
}
