import { Injectable } from '@nestjs/common';
import { EventStore, loadState, type SqlExecutor } from '@roaming/event-store';
import { PartyId } from '@roaming/shared-kernel';
import { partyClaimDecider } from '../party-claim/domain/party-claim.decider';
import { partyClaimStream } from '../party-claim/domain/party-claim.stream';
import { partnerDecider } from './domain/partner.decider';
import { PartnerErrors } from './domain/partner.errors';
import type { RegisteredPartner } from './domain/partner.state';
import { partnerStream } from './domain/partner.stream';

/**
 * Finds the partner holding a party id, from the streams themselves (the party's claim, then the partner), so that
 * a command checking its counterparty sees a partner registered a moment ago and can run inside its transaction.
 */
@Injectable()
export class PartyDirectory {
  constructor(private readonly store: EventStore) {}

  async findPartner(partyId: string, tx?: SqlExecutor): Promise<RegisteredPartner | undefined> {
    const claim = await loadState(this.store, partyClaimStream(partyId), partyClaimDecider, tx);
    if (claim.state.partnerId === null) return undefined;
    const partner = await loadState(this.store, partnerStream(claim.state.partnerId), partnerDecider, tx);
    return partner.state.kind === 'registered' ? partner.state : undefined;
  }

  /** GeM 1291: an EVSP's roaming partners must be registered CPOs; names the first that is not (by its index). */
  async assertRegisteredCpos(roamingPartners: readonly string[], tx?: SqlExecutor): Promise<void> {
    for (const [index, raw] of roamingPartners.entries()) {
      const field = `roamingPartners.${index}`;
      const partyId = PartyId.parse(raw, field).value;
      const cpo = await this.findPartner(partyId, tx);
      if (!cpo || !cpo.roles.includes('cpo')) {
        throw PartnerErrors.roamingPartnersInvalid(field, 'registered-cpo', `${partyId} is not a registered CPO`);
      }
    }
  }
}
