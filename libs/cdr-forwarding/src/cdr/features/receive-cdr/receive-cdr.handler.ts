import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand } from '@roaming/event-store';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { RegistryLookup } from '../../../registry-view/registry-lookup';
import { cdrDecider, cdrStream, parseCdrSubmission, type ReceiveCdr } from '../../domain';
import { ReceiveCdrCommand, type ReceiveCdrResult } from './receive-cdr.command';

/**
 * Receives a CDR from either door: parses it with the value objects (400, nothing appended), checks that the CPO
 * operates the EVSE (403), looks up the routing facts in the registry view, and lets the decider record and judge
 * it on the stream of its natural key (CPO party + CDR id), so a re-send meets the first submission.
 */
@CommandHandler(ReceiveCdrCommand)
export class ReceiveCdrHandler implements ICommandHandler<ReceiveCdrCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly registry: RegistryLookup,
    private readonly clock: Clock,
  ) {}

  async execute({ submission, submitterPartyIds, context }: ReceiveCdrCommand): Promise<ReceiveCdrResult> {
    const { record, homeProviderPartyId } = parseCdrSubmission(submission);
    if (!submitterPartyIds.includes(record.cpoPartyId)) {
      throw DomainError.forbidden(
        'EVSE_NOT_OWNED',
        `EVSE ${record.evseId} belongs to operator ${record.cpoPartyId}, which is not one of the submitter's parties`,
        { field: 'evseId', rule: 'own-evse', operatorId: record.cpoPartyId },
      );
    }
    const sql = context.tx ?? this.db;
    const routing = await this.registry.routingFacts(record.cpoPartyId, homeProviderPartyId, record.startedAt, sql);
    const command: ReceiveCdr = {
      type: 'ReceiveCdr',
      data: { cdr: record, receivedAt: this.clock.now().toISOString(), routing },
    };
    const { state, newEvents } = await handleCommand(
      this.store,
      cdrStream(record.cpoPartyId, record.cdrId),
      cdrDecider,
      command,
      {
        tx: context.tx,
        metadata: {
          correlationId: context.correlationId,
          causationId: context.causationId,
          actor: context.actor,
          channel: context.channel,
        },
      },
    );
    const base = { cdrId: record.cdrId, cpoPartyId: record.cpoPartyId };
    switch (state.status) {
      case 'forwarded':
        return {
          ...base,
          status: 'FORWARDED',
          emspPartyId: state.emspPartyId,
          newlyForwarded: newEvents.some((e) => e.type === 'CdrForwarded'),
        };
      case 'rejected':
        return { ...base, status: 'REJECTED', emspPartyId: state.emspPartyId, code: state.code, reason: state.reason };
      default:
        // The decider always ends a submission in one of the two verdicts.
        throw new Error(
          `CDR ${record.cdrId} of ${record.cpoPartyId} has no verdict after ReceiveCdr (${state.status})`,
        );
    }
  }
}
