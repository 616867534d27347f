import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand } from '@roaming/event-store';
import { assertActsFor } from '@roaming/platform';
import { Clock, IdGenerator, PartyId } from '@roaming/shared-kernel';
import { agreementPairDecider } from '../../../agreement-pair/domain/agreement-pair.decider';
import { agreementPairStream } from '../../../agreement-pair/domain/agreement-pair.stream';
import { PartyDirectory } from '../../../partner/party-directory';
import { writeConsistently } from '../../../shared/consistent-write';
import { eventMetadata, newAggregateId } from '../../../shared/request-context';
import { agreementDecider } from '../../domain/agreement.decider';
import { AgreementErrors } from '../../domain/agreement.errors';
import { parseAgreementPeriod } from '../../domain/agreement-period';
import { agreementStream } from '../../domain/agreement.stream';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { OfferAgreementCommand } from './offer-agreement.command';
import { CounterpartyErrors } from './offer-agreement.errors';

/**
 * A CPO offers a roaming agreement to an EVSP (GeM UC 1497/1485; eMI3 AA requires this B2B contract before any
 * roaming authorization). The pair's period is reserved (stream `agreementPair-<CPO>+<EMSP>`) and the agreement
 * recorded in one transaction, so overlapping offers of the same pair cannot both get through.
 */
@CommandHandler(OfferAgreementCommand)
export class OfferAgreementHandler implements ICommandHandler<OfferAgreementCommand, AgreementView> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly parties: PartyDirectory,
  ) {}

  async execute({ request, context }: OfferAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    // Input first (400), then scope (403), then the counterparty (404/409): bad input appends nothing.
    const cpo = PartyId.parse(request.cpoPartyId, 'cpoPartyId').value;
    const emsp = PartyId.parse(request.emspPartyId, 'emspPartyId').value;
    if (cpo === emsp) throw AgreementErrors.partiesIdentical();
    const period = parseAgreementPeriod(request, at);
    assertActsFor(context.principal, cpo);

    const agreementId = newAggregateId('agreement', context, this.ids);
    const metadata = eventMetadata(context, cpo);
    const agreement = await writeConsistently(this.db, async (tx) => {
      const counterparty = await this.parties.findPartner(emsp, tx);
      if (!counterparty) throw CounterpartyErrors.notFound(emsp);
      if (!counterparty.roles.includes('emsp')) throw CounterpartyErrors.roleMismatch(emsp);
      if (counterparty.status !== 'active') throw CounterpartyErrors.suspended(emsp);

      await handleCommand(
        this.store,
        agreementPairStream(cpo, emsp),
        agreementPairDecider,
        { type: 'ReserveAgreementPeriod', data: { cpoPartyId: cpo, emspPartyId: emsp, agreementId, ...period } },
        { tx, metadata },
      );
      const { state } = await handleCommand(
        this.store,
        agreementStream(agreementId),
        agreementDecider,
        { type: 'OfferRoamingAgreement', data: { agreementId, cpoPartyId: cpo, emspPartyId: emsp, ...period, at } },
        { tx, metadata },
      );
      if (state.kind !== 'existing') throw new Error(`agreement ${agreementId} missing after its offer`);
      return state;
    });
    return toAgreementView(agreement);
  }
}
