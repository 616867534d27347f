import { Injectable } from '@nestjs/common';
import { EventStore, loadState, type SqlExecutor } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { authorizationDecider, authorizationStream, type PresentedToken } from '../../authorization/domain';
import { RegistryViewRepository } from '../../integration/registry-view/registry-view.repository';
import {
  type AuthorizationOfSession,
  type ChargingStatus,
  sessionIdOfAuthorization,
  sessionIdOfOfflineStart,
  type SessionState,
} from '../domain';
import { Sessions } from './sessions';

/** Who reports, and in which transaction (a Kafka consumer's). */
export interface Reporter {
  partnerId: string;
  partyIds: readonly string[];
  correlationId?: string;
  idempotencyKey?: string;
  tx?: SqlExecutor;
}

export interface StartReport {
  cpoSessionId: string;
  evseId: string;
  /** The operator id inside the EVSE id. */
  cpoPartyId: string;
  startedAt: string;
  authorizationId?: string;
  token?: PresentedToken;
}

/**
 * What CPOs report about charging sessions, from any door (REST or Kafka): the start of an authorized session or
 * of one the EVSE allowed offline, progress, and the end. Looks up what the session decider needs (the
 * authorization as recorded, the token's offline whitelisting) and runs it.
 */
@Injectable()
export class SessionReports {
  constructor(
    private readonly sessions: Sessions,
    private readonly store: EventStore,
    private readonly view: RegistryViewRepository,
    private readonly clock: Clock,
  ) {}

  async start(report: StartReport, reporter: Reporter): Promise<SessionState> {
    const reportedAt = this.clock.now().toISOString();
    const common = {
      cpoPartyId: report.cpoPartyId,
      cpoSessionId: report.cpoSessionId,
      evseId: report.evseId,
      startedAt: report.startedAt,
      reportedAt,
    };
    if (report.authorizationId !== undefined) {
      const authorization = await this.authorizationOf(report.authorizationId, reporter.tx);
      const { state } = await this.sessions.execute(
        {
          type: 'StartAuthorizedSession',
          data: { ...common, sessionId: sessionIdOfAuthorization(report.authorizationId), authorization },
        },
        context(reporter),
      );
      return state;
    }
    const token = report.token as PresentedToken;
    const { state } = await this.sessions.execute(
      {
        type: 'StartOfflineSession',
        data: {
          ...common,
          sessionId: sessionIdOfOfflineStart(report.cpoPartyId, report.cpoSessionId),
          tokenUid: token.uid,
          tokenType: token.type,
          token: await this.view.findToken(token.type, token.uid, reporter.tx),
        },
      },
      context(reporter),
    );
    return state;
  }

  async progress(
    report: { sessionId: string; energyWh: number; status: ChargingStatus; measuredAt: string },
    reporter: Reporter,
  ): Promise<SessionState> {
    const cpoPartyId = await this.ownerOf(report.sessionId, reporter);
    const { state } = await this.sessions.execute(
      { type: 'ReportSessionProgress', data: { ...report, cpoPartyId } },
      context(reporter),
    );
    return state;
  }

  async end(
    report: { sessionId: string; endedAt: string; energyWh: number; reason: string | null },
    reporter: Reporter,
  ): Promise<SessionState> {
    const cpoPartyId = await this.ownerOf(report.sessionId, reporter);
    const { state } = await this.sessions.execute(
      { type: 'EndSession', data: { ...report, cpoPartyId } },
      context(reporter),
    );
    return state;
  }

  /** The reporter's party that runs the session; another operator's session is left to the decider's 404. */
  private async ownerOf(sessionId: string, reporter: Reporter): Promise<string> {
    const state = await this.sessions.load(sessionId, reporter.tx);
    if (state.status !== 'NONE' && reporter.partyIds.includes(state.cpoPartyId)) return state.cpoPartyId;
    return reporter.partyIds[0] ?? '';
  }

  private async authorizationOf(authorizationId: string, tx?: SqlExecutor): Promise<AuthorizationOfSession | null> {
    const { state } = await loadState(this.store, authorizationStream(authorizationId), authorizationDecider, tx);
    if (state.status === 'undecided') return null;
    return {
      authorizationId,
      granted: state.status === 'granted',
      evseId: state.evseId,
      cpoPartyId: state.cpoPartyId,
      emspPartyId: state.emspPartyId,
      emaid: state.status === 'granted' ? state.emaid : null,
      tokenUid: state.tokenUid,
      tokenType: state.tokenType,
      method: state.method ?? 'LOCAL',
      agreementId: state.status === 'granted' ? state.agreementId : null,
      tariffId: state.status === 'granted' ? (state.tariffId ?? null) : null,
    };
  }
}

function context(reporter: Reporter) {
  return {
    actor: reporter.partnerId,
    correlationId: reporter.correlationId,
    idempotencyKey: reporter.idempotencyKey,
    tx: reporter.tx,
  };
}
