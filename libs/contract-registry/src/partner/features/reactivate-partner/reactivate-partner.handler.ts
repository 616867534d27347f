import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand, loadState } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { partyAgreementsDecider } from '../../../party-agreements/domain/party-agreements.decider';
import { partyAgreementsStream } from '../../../party-agreements/domain/party-agreements.stream';
import { writeConsistently } from '../../../shared/consistent-write';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { PartnerErrors } from '../../domain/partner.errors';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import type { PartnerStatusView } from '../partner.view';
import { ReactivatePartnerCommand } from './reactivate-partner.command';

/**
 * Lifts a suspension or a deactivation (GeM UC 1379): the partner's unrevoked keys work again once this answers, and
 * its parties may enter agreements again (their ledgers are reinstated in the same transaction).
 */
@CommandHandler(ReactivatePartnerCommand)
export class ReactivatePartnerHandler implements ICommandHandler<ReactivatePartnerCommand, PartnerStatusView> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, context }: ReactivatePartnerCommand): Promise<PartnerStatusView> {
    const stream = partnerStream(partnerId);
    const at = this.clock.now().toISOString();
    const metadata = eventMetadata(context, context.principal.partnerId);
    const partner = await writeConsistently(this.db, async (tx) => {
      const { state } = await loadState(this.store, stream, partnerDecider, tx);
      if (state.kind !== 'registered') throw PartnerErrors.notFound(partnerId);
      for (const partyId of state.partyIds) {
        await handleCommand(
          this.store,
          partyAgreementsStream(partyId),
          partyAgreementsDecider,
          { type: 'ReinstateParty', data: { partyId, partnerId, at } },
          { tx, metadata },
        );
      }
      return (
        await handleCommand(
          this.store,
          stream,
          partnerDecider,
          { type: 'ReactivatePartner', data: { partnerId, at } },
          { tx, metadata },
        )
      ).state;
    });
    await this.projections.waitForStream(stream);
    return { status: partner.kind === 'registered' ? partner.status : 'active' };
  }
}
