import { Injectable } from '@nestjs/common';
import type { CdrReconciliationV1 } from '@roaming/contracts';
import { EventStore, loadState, WrongExpectedVersionError } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError, PartyId } from '@roaming/shared-kernel';
import { cdrDecider, cdrStream } from '../../cdr/domain';
import {
  cdrReconciliationDecider,
  type CdrReconciliationCommand,
  type CdrReconciliationEvent,
  type CdrReconciliationState,
  cdrReconciliationStream,
  type OpenReconciliation,
} from '../domain';

/**
 * The doors of both parties on one record's reconciliation (IEC 63119-2 6.4.2): the EVSP approves or disputes, the
 * CPO rejects a dispute. Each side acts only on records it is party to in that role; anything else is 404, so the
 * existence of another party's record is not disclosed. Forbidden transitions are the decider's 409s.
 */
@Injectable()
export class ReconciliationCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async asEmsp(
    caller: Principal,
    cpoPartyId: string,
    cdrId: string,
    command: (now: string) => CdrReconciliationCommand,
    correlationId?: string,
  ): Promise<CdrReconciliationV1> {
    return this.run(caller, cpoPartyId, cdrId, 'emsp', command, correlationId);
  }

  async asCpo(
    caller: Principal,
    cpoPartyId: string,
    cdrId: string,
    command: (now: string) => CdrReconciliationCommand,
    correlationId?: string,
  ): Promise<CdrReconciliationV1> {
    return this.run(caller, cpoPartyId, cdrId, 'cpo', command, correlationId);
  }

  private async run(
    caller: Principal,
    cpoPartyId: string,
    cdrId: string,
    side: 'cpo' | 'emsp',
    command: (now: string) => CdrReconciliationCommand,
    correlationId?: string,
  ): Promise<CdrReconciliationV1> {
    const cpo = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
    const stream = cdrReconciliationStream(cpo, cdrId);
    for (let attempt = 1; ; attempt++) {
      const { state: current, version } = await loadState(this.store, stream, cdrReconciliationDecider);
      const opening = current.status === 'none' ? await this.openingOf(cpo, cdrId) : [];
      const state = opening.reduce(cdrReconciliationDecider.evolve, current);
      const party = state.status === 'none' ? undefined : side === 'cpo' ? state.cpoPartyId : state.emspPartyId;
      if (!party || !caller.roles.includes(side) || !caller.partyIds.includes(party)) {
        throw DomainError.notFound('CDR_NOT_FOUND', `No forwarded CDR ${cdrId} of ${cpo} is yours to reconcile`, {
          cdrId,
        });
      }
      const decided = cdrReconciliationDecider.decide(command(this.clock.now().toISOString()), state);
      if (decided.length === 0) return toV1(state);
      const events = [...opening, ...decided];
      try {
        await this.store.append(
          stream,
          events.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: { actor: caller.partnerId, correlationId },
          })),
          { expectedVersion: version === 0 ? 'no_stream' : version },
        );
        return toV1(decided.reduce(cdrReconciliationDecider.evolve, state));
      } catch (error) {
        // The other party (or the CPO's revision at intake) wrote first: decide again on what it wrote.
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 4) throw error;
      }
    }
  }

  /**
   * A record's reconciliation stream begins with the first word said on it (IEC 63119-2 6.4.2): until then a
   * forwarded record is OPEN without one, so the intake writes nothing per record for it. The opening is dated when
   * the record was forwarded, and made from the record's own stream (the parties it was forwarded between).
   */
  private async openingOf(cpo: string, cdrId: string): Promise<CdrReconciliationEvent[]> {
    const { state: record } = await loadState(this.store, cdrStream(cpo, cdrId), cdrDecider);
    if (record.status !== 'forwarded') return [];
    const open: OpenReconciliation = {
      type: 'OpenReconciliation',
      data: { cdrId, cpoPartyId: cpo, emspPartyId: record.emspPartyId, now: record.forwardedAt },
    };
    return cdrReconciliationDecider.decide(open, cdrReconciliationDecider.initialState());
  }
}

export function toV1(state: CdrReconciliationState): CdrReconciliationV1 {
  if (state.status === 'none') throw new Error('no reconciliation');
  return {
    cdrId: state.cdrId,
    cpoPartyId: state.cpoPartyId,
    emspPartyId: state.emspPartyId,
    state: state.status,
    reasonCode: state.reasonCode,
    reason: state.reason,
    revisionCdrId: state.revisionCdrId,
    updatedAt: state.updatedAt,
  };
}
