import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand, loadState } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { agreementDecider } from '../../domain/agreement.decider';
import type { AgreementStatus } from '../../domain/agreement.state';
import { agreementStream } from '../../domain/agreement.stream';
import { assertIsAgreementEmsp } from '../agreement-access';
import { AcceptAgreementCommand } from './accept-agreement.command';

/**
 * The EVSP accepts the offer and the agreement is in force (GeM UC 1485: a contract exists once the offering is
 * accepted). Accepting an active agreement again changes nothing.
 */
@CommandHandler(AcceptAgreementCommand)
export class AcceptAgreementHandler implements ICommandHandler<AcceptAgreementCommand, { status: AgreementStatus }> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, context }: AcceptAgreementCommand): Promise<{ status: AgreementStatus }> {
    const stream = agreementStream(agreementId);
    const current = await loadState(this.store, stream, agreementDecider);
    assertIsAgreementEmsp(current.state, agreementId, context.principal);
    const emsp = current.state.kind === 'existing' ? current.state.emspPartyId : '';

    const { state } = await handleCommand(
      this.store,
      stream,
      agreementDecider,
      { type: 'AcceptRoamingAgreement', data: { agreementId, at: this.clock.now().toISOString() } },
      { metadata: eventMetadata(context, emsp) },
    );
    return { status: state.kind === 'existing' ? state.status : 'offered' };
  }
}
