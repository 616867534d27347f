import { Injectable } from '@nestjs/common';
import type { CdrReconciliationV1 } from '@roaming/contracts';
import { EventStore, handleCommand, loadState } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError, PartyId } from '@roaming/shared-kernel';
import {
  cdrReconciliationDecider,
  type CdrReconciliationCommand,
  type CdrReconciliationState,
  cdrReconciliationStream,
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
    const { state: current } = await loadState(this.store, stream, cdrReconciliationDecider);
    const party = current.status === 'none' ? undefined : side === 'cpo' ? current.cpoPartyId : current.emspPartyId;
    if (!party || !caller.roles.includes(side) || !caller.partyIds.includes(party)) {
      throw DomainError.notFound('CDR_NOT_FOUND', `No forwarded CDR ${cdrId} of ${cpo} is yours to reconcile`, {
        cdrId,
      });
    }
    const { state } = await handleCommand(
      this.store,
      stream,
      cdrReconciliationDecider,
      command(this.clock.now().toISOString()),
      {
        metadata: { actor: caller.partnerId, correlationId },
        retryOnConflict: 3,
      },
    );
    return toV1(state);
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
