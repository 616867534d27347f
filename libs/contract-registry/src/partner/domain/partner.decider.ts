import type { Decider } from '@roaming/shared-kernel';
import type { PartnerCommand } from './partner.commands';
import { decidePartner } from './partner.decide';
import type { PartnerEvent } from './partner.events';
import { evolvePartner, initialPartnerState, type PartnerState } from './partner.state';

export const partnerDecider: Decider<PartnerState, PartnerCommand, PartnerEvent> = {
  initialState: initialPartnerState,
  decide: decidePartner,
  evolve: evolvePartner,
};
