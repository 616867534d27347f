import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand } from '@roaming/event-store';
import { Clock, IdGenerator } from '@roaming/shared-kernel';
import { partyClaimDecider } from '../../../party-claim/domain/party-claim.decider';
import { partyClaimStream } from '../../../party-claim/domain/party-claim.stream';
import { writeConsistently } from '../../../shared/consistent-write';
import { eventMetadata, newAggregateId } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { parsePartnerRegistration } from '../../domain/partner-registration';
import { partnerStream } from '../../domain/partner.stream';
import { PartyDirectory } from '../../party-directory';
import { PartnerProjections } from '../../projections/partner-projections';
import { type PartnerSummaryView, toPartnerSummary } from '../partner.view';
import { RegisterPartnerCommand } from './register-partner.command';

/**
 * Registers a business partner, with its endpoints and (an EVSP) its roaming partners when given. Each party id is claimed (stream `partyClaim-<id>`) before the partner stream is
 * written, all in one transaction: a party id held by another partner refuses the whole registration, and a
 * registration retried with the same Idempotency-Key gets the same partner id and finds its own claims.
 */
@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand, PartnerSummaryView> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly projections: PartnerProjections,
    private readonly roamingPartners: PartyDirectory,
  ) {}

  async execute({ request, context }: RegisterPartnerCommand): Promise<PartnerSummaryView> {
    // Checked before anything is written: bad input appends nothing.
    const registration = parsePartnerRegistration(request);
    const partnerId = newAggregateId('partner', context, this.ids);
    const at = this.clock.now().toISOString();
    const metadata = eventMetadata(context, context.principal.partnerId);

    const partner = await writeConsistently(this.db, async (tx) => {
      for (const partyId of registration.partyIds) {
        await handleCommand(
          this.store,
          partyClaimStream(partyId),
          partyClaimDecider,
          { type: 'ClaimPartyId', data: { partyId, partnerId, at } },
          { tx, metadata },
        );
      }
      const stream = partnerStream(partnerId);
      let { state } = await handleCommand(
        this.store,
        stream,
        partnerDecider,
        { type: 'RegisterPartner', data: { partnerId, ...registration, at } },
        { tx, metadata },
      );
      if (request.endpoints) {
        ({ state } = await handleCommand(
          this.store,
          stream,
          partnerDecider,
          { type: 'SetPartnerEndpoints', data: { partnerId, endpoints: request.endpoints, at } },
          { tx, metadata },
        ));
      }
      if (request.roamingPartners) {
        await this.roamingPartners.assertRegisteredCpos(request.roamingPartners, tx);
        ({ state } = await handleCommand(
          this.store,
          stream,
          partnerDecider,
          { type: 'DeclareRoamingPartners', data: { partnerId, roamingPartners: request.roamingPartners, at } },
          { tx, metadata },
        ));
      }
      if (state.kind !== 'registered') throw new Error(`partner ${partnerId} not registered after its registration`);
      return state;
    });
    await this.projections.waitForStream(partnerStream(partnerId));
    return toPartnerSummary(partner);
  }
}
