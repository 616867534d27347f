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
import { DeactivatePartnerCommand } from './deactivate-partner.command';

/**
 * Deactivates a partner (GeM 1369, UC 1380 "Check of his Service Contracts"): refused with
 * PARTNER_HAS_OPEN_AGREEMENTS while an agreement still binds one of its parties. The parties' ledgers are retired and
 * the partner deactivated in one transaction, so an offer racing with the deactivation cannot slip in between (it
 * appends to the same ledger and one of the two is re-decided). Its keys stop working once this answers.
 */
@CommandHandler(DeactivatePartnerCommand)
export class DeactivatePartnerHandler implements ICommandHandler<DeactivatePartnerCommand, PartnerStatusView> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, reason, context }: DeactivatePartnerCommand): Promise<PartnerStatusView> {
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
          { type: 'RetireParty', data: { partyId, partnerId, at } },
          { tx, metadata },
        );
      }
      return (
        await handleCommand(
          this.store,
          stream,
          partnerDecider,
          { type: 'DeactivatePartner', data: { partnerId, reason, at } },
          { tx, metadata },
        )
      ).state;
    });
    await this.projections.waitForStream(stream);
    return { status: partner.kind === 'registered' ? partner.status : 'deactivated' };
  }
}
