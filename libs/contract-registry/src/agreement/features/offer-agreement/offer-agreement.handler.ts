import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock, IdGenerator, PartyId } from '@roaming/shared-kernel';
import { PartyDirectory } from '../../../partner/party-directory';
import { eventMetadata, newAggregateId } from '../../../shared/request-context';
import { parseTariffId } from '../../../tariff/domain/tariff-id';
import { TariffCatalog } from '../../../tariff/tariff-catalog';
import { AgreementErrors } from '../../domain/agreement.errors';
import { parseAgreementPeriod } from '../../domain/agreement-period';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { OfferAgreementCommand } from './offer-agreement.command';
import { CounterpartyErrors } from './offer-agreement.errors';

/**
 * A CPO offers a roaming agreement to an EVSP (GeM UC 1497/1485; eMI3 AA requires this B2B contract before any
 * roaming authorization), optionally with a negotiated tariff that overrides its public tariff for this EVSP. The
 * pair's period is reserved and both parties' ledgers opened in the same transaction (AgreementWriter), so
 * overlapping offers of the same pair cannot both get through, nor can an offer slip past a partner's deactivation.
 */
@CommandHandler(OfferAgreementCommand)
export class OfferAgreementHandler implements ICommandHandler<OfferAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly parties: PartyDirectory,
    private readonly tariffs: TariffCatalog,
  ) {}

  async execute({ request, context }: OfferAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    // Input first (400), then scope (403), then the counterparty (404/409): bad input appends nothing.
    const cpo = PartyId.parse(request.cpoPartyId, 'cpoPartyId').value;
    const emsp = PartyId.parse(request.emspPartyId, 'emspPartyId').value;
    if (cpo === emsp) throw AgreementErrors.partiesIdentical();
    const period = parseAgreementPeriod(request, at);
    const tariffId = request.tariffId === undefined ? null : parseTariffId(request.tariffId, 'tariffId');
    assertActsFor(context.principal, cpo);

    const agreementId = newAggregateId('agreement', context, this.ids);
    const agreement = await this.writer.execute(agreementId, async (_state, tx) => {
      const counterparty = await this.parties.findPartner(emsp, tx);
      if (!counterparty) throw CounterpartyErrors.notFound(emsp);
      if (!counterparty.roles.includes('emsp')) throw CounterpartyErrors.roleMismatch(emsp);
      if (counterparty.status !== 'active') throw CounterpartyErrors.suspended(emsp);
      if (tariffId !== null) await this.tariffs.assertPublished(cpo, tariffId, tx);
      return {
        command: {
          type: 'OfferRoamingAgreement',
          data: {
            agreementId,
            cpoPartyId: cpo,
            emspPartyId: emsp,
            ...period,
            tariffId,
            timeoutPolicy: request.timeoutPolicy,
            at,
          },
        },
        metadata: eventMetadata(context, cpo),
      };
    });
    return toAgreementView(agreement);
  }
}
