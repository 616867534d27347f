import { Injectable } from '@nestjs/common';
import {
  Database,
  type EventMetadata,
  EventStore,
  handleCommand,
  loadState,
  type SqlExecutor,
} from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { requestMetadata } from '../shared/request-context';
import { EvseCatalogueConsumer } from '../views/evse-catalogue.consumer';
import {
  type ChargingSessionCommand,
  chargingSessionDecider,
  type ChargingSessionEvent,
  type ChargingSessionState,
  chargingSessionStream,
  type MeterReading,
  type PlanPeriod,
  type PowerEnvelope,
  type Preferences,
  type SessionParties,
} from './domain';

type OpenSession = Extract<ChargingSessionState, { status: 'OPEN' }>;

export interface ChargingSessionView extends SessionParties {
  emaid: string;
  preferences: (Preferences & { submittedAt: string }) | null;
  currentPlan: { version: number; periods: PlanPeriod[]; publishedAt: string } | null;
  /** Every plan the CPO published for the session, oldest first (UC3-10: both sides see past plans). */
  plans: { version: number; periods: PlanPeriod[]; publishedAt: string }[];
  /** UC3-6 dynamic charging information: the newest reading and how many there are. */
  energyWh: number | null;
  powerW: number | null;
  measuredAt: string | null;
  readings: number;
}

/**
 * The charging session use cases (IEC 63119-2 UC3-6, UC3-7, UC3-10): the EVSP's preferences, the CPO's plans checked
 * against the EVSE's power and the grid envelope of its load area, and meter values with signed readouts.
 */
@Injectable()
export class ChargingSessions {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly catalogue: EvseCatalogueConsumer,
    private readonly clock: Clock,
  ) {}

  /** From `authorization.events.v1`: a granted authorization is a session this context can plan for. */
  async open(
    parties: SessionParties & { emaid: string },
    at: string,
    metadata: EventMetadata,
    tx: SqlExecutor,
  ): Promise<void> {
    await this.run(parties.sessionId, { type: 'OpenChargingSession', data: { ...parties, at } }, metadata, tx);
  }

  async submitPreferences(
    principal: Principal,
    sessionId: string,
    preferences: Preferences,
  ): Promise<ChargingSessionView> {
    await this.visible(principal, sessionId, 'emsp');
    const state = await this.run(
      sessionId,
      { type: 'SubmitPreferences', data: { preferences, at: this.now() } },
      requestMetadata(principal),
    );
    return viewOf(state);
  }

  /**
   * Checks and publishes a plan in ONE transaction that holds the load area's advisory lock: the envelope check sees
   * every plan published before it in the area (kept inline in `energy.area_plans`), and no plan published after it
   * can slip past it. Two plans racing for the last watts of an envelope cannot both get in.
   */
  async publishPlan(principal: Principal, sessionId: string, periods: PlanPeriod[]): Promise<ChargingSessionView> {
    const at = this.now();
    const state = await this.db.transaction(async (tx) => {
      const session = await this.visible(principal, sessionId, 'cpo', tx);
      const evse = await this.catalogue.evse(session.evseId, tx);
      const area = evse?.loadAreaId ?? null;
      if (area) await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`energy.area:${area}`]);
      const facts = {
        evseMaxPowerW: evse?.status === 'PUBLISHED' ? evse.maxPowerW : undefined,
        envelopes: area ? await envelopes(tx, area, at) : [],
        otherPlans: area ? await otherPlans(tx, area, sessionId) : [],
      };
      const after = await this.run(
        sessionId,
        { type: 'PublishChargePlan', data: { periods, facts, at } },
        requestMetadata(principal),
        tx,
      );
      if (area && after.status === 'OPEN') {
        await tx.query(
          `INSERT INTO energy.area_plans (session_id, load_area_id, evse_id, periods) VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (session_id) DO UPDATE SET load_area_id = EXCLUDED.load_area_id, periods = EXCLUDED.periods`,
          [sessionId, area, session.evseId, JSON.stringify(periods)],
        );
      }
      return after;
    });
    return viewOf(state);
  }

  async reportMeterValues(
    principal: Principal,
    sessionId: string,
    readings: MeterReading[],
  ): Promise<ChargingSessionView> {
    await this.visible(principal, sessionId, 'cpo');
    const state = await this.run(
      sessionId,
      { type: 'ReportMeterValues', data: { readings, at: this.now() } },
      requestMetadata(principal),
    );
    return viewOf(state);
  }

  async get(principal: Principal, sessionId: string): Promise<ChargingSessionView> {
    return viewOf(await this.visible(principal, sessionId, 'either'));
  }

  /** Every reading recorded for the session, signed meter values verbatim. */
  async meterValues(principal: Principal, sessionId: string): Promise<MeterReading[]> {
    await this.visible(principal, sessionId, 'either');
    const events = await this.store.readStream(chargingSessionStream(sessionId));
    return events
      .map((e) => ({ type: e.type, data: e.data }) as ChargingSessionEvent)
      .flatMap((e) => (e.type === 'MeterValuesReported' ? e.data.readings : []));
  }

  private async run(sessionId: string, command: ChargingSessionCommand, metadata: EventMetadata, tx?: SqlExecutor) {
    const { state } = await handleCommand(
      this.store,
      chargingSessionStream(sessionId),
      chargingSessionDecider,
      command,
      {
        metadata,
        tx,
      },
    );
    return state;
  }

  /** The session if the caller is its CPO (as), its EVSP (as), or either; anyone else gets SESSION_UNKNOWN. */
  private async visible(
    principal: Principal,
    sessionId: string,
    as: 'cpo' | 'emsp' | 'either',
    tx?: SqlExecutor,
  ): Promise<OpenSession> {
    const { state } = await loadState(this.store, chargingSessionStream(sessionId), chargingSessionDecider, tx);
    const parties = principal.partyIds;
    const visible =
      state.status === 'OPEN' &&
      ((as !== 'emsp' && parties.includes(state.cpoPartyId)) || (as !== 'cpo' && parties.includes(state.emspPartyId)));
    if (!visible)
      throw DomainError.notFound('SESSION_UNKNOWN', `no charging session ${sessionId} of yours`, { sessionId });
    return state as OpenSession;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** Curtailments of the area not cancelled and not over: their limits are the envelopes (IEC 63110 PRE). */
async function envelopes(tx: SqlExecutor, loadAreaId: string, at: string): Promise<PowerEnvelope[]> {
  const { rows } = await tx.query<{
    request_id: string;
    starts_at: Date | string;
    ends_at: Date | string;
    limit_w: string;
  }>(
    `SELECT request_id, starts_at, ends_at, limit_w FROM energy.grid_requests
     WHERE load_area_id = $1 AND kind = 'CURTAILMENT' AND status = 'OPEN' AND ends_at > $2::timestamptz`,
    [loadAreaId, at],
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    limitW: Number(r.limit_w),
  }));
}

async function otherPlans(tx: SqlExecutor, loadAreaId: string, sessionId: string): Promise<PlanPeriod[][]> {
  const { rows } = await tx.query<{ periods: PlanPeriod[] }>(
    `SELECT periods FROM energy.area_plans WHERE load_area_id = $1 AND session_id <> $2`,
    [loadAreaId, sessionId],
  );
  return rows.map((r) => r.periods);
}

export function viewOf(state: ChargingSessionState): ChargingSessionView {
  if (state.status === 'NONE') throw new Error('a charging session command left no session');
  const { sessionId, evseId, cpoPartyId, emspPartyId, emaid, preferences, plans, lastReading, readings } = state;
  return {
    sessionId,
    evseId,
    cpoPartyId,
    emspPartyId,
    emaid,
    preferences,
    currentPlan: plans[plans.length - 1] ?? null,
    plans,
    energyWh: lastReading?.energyWh ?? null,
    powerW: lastReading?.powerW ?? null,
    measuredAt: lastReading?.measuredAt ?? null,
    readings,
  };
}
