import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage } from '@roaming/contracts';
import type { SqlExecutor } from '@roaming/event-store';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import type { SessionFact } from '../integration/authorization-events.consumer';

/** Consumer group of this context on `cdr-forwarding.events.v1` (also its de-duplication scope). */
export const CDR_EVENTS_GROUP = 'station-management.cdr-events';

interface Activity {
  activityId: string;
  evseId: string;
  kind: 'AUTHORIZED' | 'AUTHORIZATION_FAILED' | 'SESSION_STARTED' | 'SESSION_ENDED' | 'CDR';
  emspPartyId: string | null;
  occurredAt: string;
  energyWh: number | null;
  reason: string | null;
}

/**
 * Turns the facts other contexts publish into EVSE history rows (GeM 1599: sessions, energy, failed authorization
 * attempts, EVSP ids), in the consumer's transaction. Each row is keyed by the fact's own id, so a fact delivered
 * twice, or published under two message ids, is counted once. Tolerant reader: what it cannot place is skipped.
 */
@Injectable()
export class EvseActivityRecorder {
  /** A listener of `authorization.events.v1` (see AuthorizationEventsConsumer). */
  readonly onSessionFact = async (fact: SessionFact, _metadata: unknown, tx: SqlExecutor): Promise<void> => {
    const activity = sessionActivity(fact);
    if (activity) await this.record(tx, activity);
  };

  /** The handler of `cdr-forwarding.events.v1`: a forwarded CDR is a completed session with its energy. */
  readonly onCdrMessage = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    if (body.type !== 'CdrForwarded') return;
    const d = body.data as Record<string, unknown>;
    const evseId = text(d.evseId);
    const cdrId = text(d.cdrId);
    const cpoPartyId = text(d.cpoPartyId);
    if (!evseId || !cdrId || !cpoPartyId) return;
    await this.record(tx, {
      activityId: `cdr:${cpoPartyId}:${cdrId}`,
      evseId,
      kind: 'CDR',
      emspPartyId: text(d.emspPartyId),
      occurredAt: instant(d.endedAt) ?? body.occurredAt,
      energyWh: typeof d.energyWh === 'number' ? d.energyWh : null,
      reason: null,
    });
  };

  private async record(tx: SqlExecutor, a: Activity): Promise<void> {
    await tx.query(
      `INSERT INTO station.evse_activity (activity_id, evse_id, kind, emsp_party_id, occurred_at, energy_wh, reason)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7) ON CONFLICT (activity_id) DO NOTHING`,
      [a.activityId, a.evseId, a.kind, a.emspPartyId, a.occurredAt, a.energyWh, a.reason],
    );
  }
}

function sessionActivity(fact: SessionFact): Activity | undefined {
  const d = fact.data;
  const evseId = text(d.evseId);
  if (!evseId) return undefined;
  const base = { evseId, emspPartyId: text(d.emspPartyId), occurredAt: fact.occurredAt, energyWh: null, reason: null };
  const authorizationId = text(d.authorizationId);
  const sessionId = text(d.sessionId);
  switch (fact.type) {
    case 'AuthorizationGranted':
      return authorizationId
        ? { ...base, activityId: `authorization:${authorizationId}`, kind: 'AUTHORIZED' }
        : undefined;
    case 'AuthorizationDenied':
      return authorizationId
        ? {
            ...base,
            activityId: `authorization:${authorizationId}`,
            kind: 'AUTHORIZATION_FAILED',
            reason: text(d.reason),
          }
        : undefined;
    case 'SessionStarted':
      return sessionId
        ? {
            ...base,
            activityId: `session:${sessionId}:started`,
            kind: 'SESSION_STARTED',
            occurredAt: instant(d.startedAt) ?? fact.occurredAt,
          }
        : undefined;
    case 'SessionEnded':
      return sessionId
        ? {
            ...base,
            activityId: `session:${sessionId}:ended`,
            kind: 'SESSION_ENDED',
            occurredAt: instant(d.endedAt) ?? fact.occurredAt,
            energyWh: typeof d.energyWh === 'number' ? d.energyWh : null,
          }
        : undefined;
    default:
      return undefined;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function instant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
