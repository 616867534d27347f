import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { asDomainEvent, EventStore } from '@roaming/event-store';
import { fold } from '@roaming/shared-kernel';
import { agreementDecider } from '../../domain/agreement.decider';
import type { AgreementEvent } from '../../domain/agreement.events';
import { agreementStream } from '../../domain/agreement.stream';
import { visibleAgreement } from '../agreement-access';
import { type AgreementDetailView, toAgreementDetail } from '../agreement.view';
import { GetAgreementQuery } from './get-agreement.query';

/** The agreement and its history, read from its stream (the history is the stream). */
@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery, AgreementDetailView> {
  constructor(private readonly store: EventStore) {}

  async execute({ agreementId, principal }: GetAgreementQuery): Promise<AgreementDetailView> {
    const events = await this.store.readStream(agreementStream(agreementId));
    const state = fold(
      agreementDecider,
      events.map((e) => asDomainEvent<AgreementEvent>(e)),
    );
    return toAgreementDetail(visibleAgreement(state, agreementId, principal), events);
  }
}
