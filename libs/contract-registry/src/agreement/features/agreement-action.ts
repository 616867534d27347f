import type { SqlExecutor } from '@roaming/event-store';
import type { AgreementCommand } from '../domain/agreement.commands';
import type { AgreementSide } from '../domain/agreement.events';
import type { AgreementState, ExistingAgreement } from '../domain/agreement.state';
import type { RequestContext } from '../../shared/request-context';
import { eventMetadata } from '../../shared/request-context';
import { actingSide } from './agreement-access';
import type { AgreementWriter } from './agreement-writer';

/**
 * A step one party of the agreement takes: works out the side the caller acts for (a partner holding both parties
 * acts for the side the step is for, as `preferredSide` says from the agreement's state), decides, and records the
 * party as the actor.
 */
export function actAsParty(
  writer: AgreementWriter,
  agreementId: string,
  context: RequestContext,
  preferredSide: (agreement: ExistingAgreement) => AgreementSide | undefined,
  command: (
    side: AgreementSide,
    agreement: ExistingAgreement,
    tx: SqlExecutor,
  ) => AgreementCommand | Promise<AgreementCommand>,
): Promise<ExistingAgreement> {
  return writer.execute(agreementId, async (state: AgreementState, tx) => {
    const visible = state.kind === 'existing' ? preferredSide(state) : undefined;
    const { agreement, side, partyId } = actingSide(state, agreementId, context.principal, visible);
    return { command: await command(side, agreement, tx), metadata: eventMetadata(context, partyId) };
  });
}

/** The side that did not make the pending request: the one that answers it. */
export function answeringSide(agreement: ExistingAgreement): AgreementSide | undefined {
  const requester = agreement.pendingRequest?.requestedBy;
  return requester === undefined ? undefined : requester === 'cpo' ? 'emsp' : 'cpo';
}
