import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand, loadState } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { writeConsistently } from '../../../shared/consistent-write';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { PartnerErrors } from '../../domain/partner.errors';
import { partnerStream } from '../../domain/partner.stream';
import { parseRoamingPartners } from '../../domain/roaming-partners';
import { PartyDirectory } from '../../party-directory';
import { DeclareRoamingPartnersCommand } from './declare-roaming-partners.command';

/**
 * An EVSP states its roaming partners (GeM 1291: "for the EVSP it is mandatory to state its roaming partners"): the
 * CPOs it intends to roam with, each a registered partner with the cpo role. The whole list is replaced.
 */
@CommandHandler(DeclareRoamingPartnersCommand)
export class DeclareRoamingPartnersHandler implements ICommandHandler<
  DeclareRoamingPartnersCommand,
  { roamingPartners: string[] }
> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly parties: PartyDirectory,
  ) {}

  async execute({ partnerId, roamingPartners, context }: DeclareRoamingPartnersCommand) {
    const stream = partnerStream(partnerId);
    const at = this.clock.now().toISOString();
    const partner = await writeConsistently(this.db, async (tx) => {
      const { state } = await loadState(this.store, stream, partnerDecider, tx);
      if (state.kind !== 'registered') throw PartnerErrors.notFound(partnerId);
      const declared = parseRoamingPartners(roamingPartners, state.partyIds);
      await this.parties.assertRegisteredCpos(roamingPartners, tx);
      return (
        await handleCommand(
          this.store,
          stream,
          partnerDecider,
          { type: 'DeclareRoamingPartners', data: { partnerId, roamingPartners: declared, at } },
          { tx, metadata: eventMetadata(context, context.principal.partnerId) },
        )
      ).state;
    });
    return { roamingPartners: partner.kind === 'registered' ? [...partner.roamingPartners] : [] };
  }
}
