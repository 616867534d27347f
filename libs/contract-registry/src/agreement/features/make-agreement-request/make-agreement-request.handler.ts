import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, IdGenerator } from '@roaming/shared-kernel';
import { newAggregateId } from '../../../shared/request-context';
import { parseTariffId } from '../../../tariff/domain/tariff-id';
import { TariffCatalog } from '../../../tariff/tariff-catalog';
import { actAsParty } from '../agreement-action';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { MakeAgreementRequestCommand } from './make-agreement-request.command';

/**
 * Either party asks the other to change, terminate or prolong the agreement (GeM 931: "any Service Contract can be
 * changed or terminated at any time if both Business Partners agree ... in a two-step (asynchronous) process";
 * UC 1246/1480; FTR 1397 prolongation). Only a history entry until the other party answers. The request id comes
 * from the Idempotency-Key when one is sent, so a retried request finds itself already pending.
 */
@CommandHandler(MakeAgreementRequestCommand)
export class MakeAgreementRequestHandler implements ICommandHandler<MakeAgreementRequestCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly tariffs: TariffCatalog,
  ) {}

  async execute({ agreementId, kind, terms, context }: MakeAgreementRequestCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const requestId = newAggregateId(`agreement-request:${agreementId}`, context, this.ids);
    const agreement = await actAsParty(
      this.writer,
      agreementId,
      context,
      () => undefined,
      async (by, agreement, tx) => {
        // A negotiated tariff must be one the agreement's CPO has published.
        if (kind === 'change' && typeof terms.tariffId === 'string') {
          await this.tariffs.assertPublished(agreement.cpoPartyId, parseTariffId(terms.tariffId, 'tariffId'), tx);
        }
        return {
          type: 'RequestAgreementChange',
          data: {
            agreementId,
            requestId,
            kind,
            by,
            ...(terms.validUntil !== undefined ? { validUntil: terms.validUntil } : {}),
            ...(terms.tariffId !== undefined ? { tariffId: terms.tariffId } : {}),
            ...(terms.timeoutPolicy !== undefined ? { timeoutPolicy: terms.timeoutPolicy } : {}),
            reason: terms.reason ?? null,
            at,
          },
        };
      },
    );
    return toAgreementView(agreement);
  }
}
