import type { Decider } from '@roaming/shared-kernel';
import type { AgreementPairCommand } from './agreement-pair.commands';
import { decideAgreementPair } from './agreement-pair.decide';
import type { AgreementPairEvent } from './agreement-pair.events';
import { type AgreementPairState, evolveAgreementPair, initialAgreementPairState } from './agreement-pair.state';

export const agreementPairDecider: Decider<AgreementPairState, AgreementPairCommand, AgreementPairEvent> = {
  initialState: initialAgreementPairState,
  decide: decideAgreementPair,
  evolve: evolveAgreementPair,
};
