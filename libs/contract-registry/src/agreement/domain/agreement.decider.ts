import type { Decider } from '@roaming/shared-kernel';
import type { AgreementCommand } from './agreement.commands';
import { decideAgreement } from './agreement.decide';
import type { AgreementEvent } from './agreement.events';
import { type AgreementState, evolveAgreement, initialAgreementState } from './agreement.state';

export const agreementDecider: Decider<AgreementState, AgreementCommand, AgreementEvent> = {
  initialState: initialAgreementState,
  decide: decideAgreement,
  evolve: evolveAgreement,
};
