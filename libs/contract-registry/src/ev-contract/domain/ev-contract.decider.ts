import type { Decider } from '@roaming/shared-kernel';
import type { EvContractCommand } from './ev-contract.commands';
import { decideEvContract } from './ev-contract.decide';
import type { EvContractEvent } from './ev-contract.events';
import { type EvContractState, evolveEvContract, initialEvContractState } from './ev-contract.state';

export const evContractDecider: Decider<EvContractState, EvContractCommand, EvContractEvent> = {
  initialState: initialEvContractState,
  decide: decideEvContract,
  evolve: evolveEvContract,
};
