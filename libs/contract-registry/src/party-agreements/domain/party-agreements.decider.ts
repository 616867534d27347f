import type { Decider } from '@roaming/shared-kernel';
import type { PartyAgreementsCommand } from './party-agreements.commands';
import { decidePartyAgreements } from './party-agreements.decide';
import type { PartyAgreementsEvent } from './party-agreements.events';
import {
  evolvePartyAgreements,
  initialPartyAgreementsState,
  type PartyAgreementsState,
} from './party-agreements.state';

export const partyAgreementsDecider: Decider<PartyAgreementsState, PartyAgreementsCommand, PartyAgreementsEvent> = {
  initialState: initialPartyAgreementsState,
  decide: decidePartyAgreements,
  evolve: evolvePartyAgreements,
};
