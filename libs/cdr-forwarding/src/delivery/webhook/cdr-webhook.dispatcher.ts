import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, type Deadline, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { cdrStream } from '../../cdr/domain/cdr.stream';
import { cdrEventToIntegration } from '../../integration/cdr-forwarding.to-integration';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';
import { CDR_DELIVERY_SETTINGS, type CdrDeliverySettings } from '../config/cdr-delivery.settings';
import { cdrDeliveryDecider, cdrDeliveryStream, type RecordDeliveryAttempt } from '../domain';
import { recordIdOf, signWebhookBody, WEBHOOK_HEADERS } from './hub-signature';

/**
 * Makes one webhook attempt for a due delivery (fired by the DeadlineTimer over `cdr.deadlines`): reads the
 * delivery and the forwarded record from the store, POSTs the record (CdrV1, the same body as on the EVSP's topic)
 * signed with the hub's key, and records the outcome on the delivery stream, whose decider chooses the next due
 * time. At-least-once: a crash between the POST and the record repeats the attempt with the same record id and
 * attempt number, and the EVSP de-duplicates by the record id.
 *
 * Forwarding order per EVSP (review finding 12a): a record is not attempted while an older record of the same EVSP
 * (by `queue_position`, the order the records were queued in) is PENDING or RETRYING: the head of the EVSP's queue
 * alone meets the backoff. A blocked record records nothing (it is no attempt) and its deadline moves to after the
 * head's next attempt; when the head is delivered, the same call goes on down the queue at once (a drain, in order),
 * and the projection wakes the queue as a safety net. Once the head is UNDELIVERED (the alert was raised) it no
 * longer holds the queue: the next records go, and the stalled one keeps retrying at the longest delay, so it may
 * then reach the EVSP after records queued behind it (chosen so that one broken record cannot block an EVSP forever;
 * the EVSP was told by CdrDeliveryStalled and can pull it).
 */
@Injectable()
export class CdrWebhookDispatcher {
  private readonly logger = new Logger(CdrWebhookDispatcher.name);
  /**
   * EVSPs whose webhook just failed (no answer, timeout, 5xx), until when: their UNDELIVERED records that fall due
   * are not sent (an open circuit; recorded as a deferral, not as an attempt: review finding 12b), so that one EVSP
   * that times out does not hold up the deliveries to the others. The head of the EVSP's queue always sends (the
   * others wait behind it anyway) and keeps its own backoff. In memory only: after a restart every EVSP is tried
   * again.
   */
  private readonly unreachable = new Map<string, { until: number; error: string }>();
  /** Delivery streams this instance is attempting now. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(CDR_DELIVERY_SETTINGS) private readonly settings: CdrDeliverySettings,
  ) {}

  readonly fire = async (deadline: Deadline): Promise<void> => {
    // Records this call delivered: the projection may not show them yet, they no longer hold the queue.
    const delivered: { cpo: string; cdr: string }[] = [];
    let streamName = deadline.streamName;
    let fired: Deadline | null = deadline;
    for (;;) {
      const ref = await this.attemptInOrder(streamName, delivered, fired);
      if (!ref) return;
      delivered.push(ref);
      const next = await this.nextInQueue(ref, delivered);
      if (!next) return;
      streamName = cdrDeliveryStream(next.cpo, next.cdr);
      fired = null;
    }
  };

  /**
   * Attempts the record unless an older one of its EVSP holds the queue, or this instance is attempting it already
   * (a drain and the record's own deadline); returns it when it was delivered now.
   */
  private async attemptInOrder(
    streamName: string,
    delivered: readonly { cpo: string; cdr: string }[],
    fired: Deadline | null,
  ): Promise<{ cpo: string; cdr: string } | null> {
    if (this.inFlight.has(streamName)) return null;
    this.inFlight.add(streamName);
    try {
      return await this.attemptUnlessBlocked(streamName, delivered, fired);
    } finally {
      this.inFlight.delete(streamName);
    }
  }

  private async attemptUnlessBlocked(
    streamName: string,
    delivered: readonly { cpo: string; cdr: string }[],
    fired: Deadline | null,
  ): Promise<{ cpo: string; cdr: string } | null> {
    const { state } = await loadState(this.store, streamName, cdrDeliveryDecider);
    if (state.status === 'none' || state.status === 'DELIVERED' || state.channel !== 'WEBHOOK') return null;
    const ref = { cpo: state.cpoPartyId, cdr: state.cdrId };
    const head = await this.olderWaiting(ref, delivered);
    if (head) {
      if (fired) {
        // Not an attempt: wait behind the head (the drain or the projection's wake-up brings it forward sooner).
        const after = Math.max(head.nextAttemptAt ?? 0, this.clock.now().getTime()) + this.settings.policy.maxDelayMs;
        await this.db.query(
          `UPDATE ${CDR_SCHEMA}.deadlines SET due_at = $3::timestamptz WHERE deadline_key = $1 AND due_at = $2::timestamptz`,
          [fired.key, fired.dueAt, new Date(after).toISOString()],
        );
      }
      return null;
    }
    const attempt = state.attempts + 1;
    const circuit = this.unreachable.get(state.emspPartyId);
    const open = state.status === 'UNDELIVERED' && circuit !== undefined && circuit.until > this.clock.now().getTime();
    const outcome: RecordDeliveryAttempt['data']['outcome'] = open
      ? { ok: false, error: `not sent: the EVSP's webhook failed just before (${circuit.error})`, notSent: true }
      : await this.post(state.cpoPartyId, state.cdrId, state.emspPartyId, attempt);
    if (outcome.ok) this.unreachable.delete(state.emspPartyId);
    else if (!open && !/^HTTP 4\d\d$/.test(outcome.error)) {
      this.unreachable.set(state.emspPartyId, {
        until: this.clock.now().getTime() + this.settings.requestTimeoutMs,
        error: outcome.error,
      });
    }
    const command: RecordDeliveryAttempt = {
      type: 'RecordDeliveryAttempt',
      data: {
        attempt,
        outcome,
        now: this.clock.now().toISOString(),
        jitter: Math.random(),
        policy: this.settings.policy,
      },
    };
    await handleCommand(this.store, streamName, cdrDeliveryDecider, command, {
      metadata: { actor: 'hub:cdr-webhook', correlationId: recordIdOf(state.cpoPartyId, state.cdrId) },
      retryOnConflict: 3,
    });
    if (!outcome.ok) {
      this.logger.warn(`CDR ${state.cdrId} of ${state.cpoPartyId} attempt ${attempt}: ${outcome.error}`);
      return null;
    }
    return ref;
  }

  /** The oldest record of the same EVSP queued before this one and still PENDING or RETRYING, if any. */
  private async olderWaiting(
    ref: { cpo: string; cdr: string },
    delivered: readonly { cpo: string; cdr: string }[],
  ): Promise<{ nextAttemptAt: number | null } | null> {
    const { rows } = await this.db.query<{ next_attempt_at: Date | string | null }>(
      `SELECT d.next_attempt_at FROM ${CDR_SCHEMA}.cdr_deliveries me
       JOIN ${CDR_SCHEMA}.cdr_deliveries d ON d.emsp_party_id = me.emsp_party_id AND d.channel = 'WEBHOOK'
         AND d.state IN ('PENDING', 'RETRYING')
         AND (COALESCE(d.queue_position, 0), d.cpo_party_id, d.cdr_id)
           < (COALESCE(me.queue_position, 0), me.cpo_party_id, me.cdr_id)
       WHERE me.cpo_party_id = $1 AND me.cdr_id = $2
         AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS x(cpo, cdr)
                         WHERE x.cpo = d.cpo_party_id AND x.cdr = d.cdr_id)
       ORDER BY COALESCE(d.queue_position, 0), d.cpo_party_id, d.cdr_id LIMIT 1`,
      [ref.cpo, ref.cdr, delivered.map((d) => d.cpo), delivered.map((d) => d.cdr)],
    );
    if (rows.length === 0) return null;
    const at = rows[0].next_attempt_at;
    return { nextAttemptAt: at === null ? null : new Date(at).getTime() };
  }

  /** The next record of the same EVSP after this one that is not delivered (UNDELIVERED ones too), in queue order. */
  private async nextInQueue(
    ref: { cpo: string; cdr: string },
    delivered: readonly { cpo: string; cdr: string }[],
  ): Promise<{ cpo: string; cdr: string } | null> {
    const { rows } = await this.db.query<{ cpo_party_id: string; cdr_id: string }>(
      `SELECT d.cpo_party_id, d.cdr_id FROM ${CDR_SCHEMA}.cdr_deliveries me
       JOIN ${CDR_SCHEMA}.cdr_deliveries d ON d.emsp_party_id = me.emsp_party_id AND d.channel = 'WEBHOOK'
         AND d.state <> 'DELIVERED'
         AND (COALESCE(d.queue_position, 0), d.cpo_party_id, d.cdr_id)
           > (COALESCE(me.queue_position, 0), me.cpo_party_id, me.cdr_id)
       WHERE me.cpo_party_id = $1 AND me.cdr_id = $2
         AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS x(cpo, cdr)
                         WHERE x.cpo = d.cpo_party_id AND x.cdr = d.cdr_id)
       ORDER BY COALESCE(d.queue_position, 0), d.cpo_party_id, d.cdr_id LIMIT 1`,
      [ref.cpo, ref.cdr, delivered.map((d) => d.cpo), delivered.map((d) => d.cdr)],
    );
    return rows.length === 0 ? null : { cpo: rows[0].cpo_party_id, cdr: rows[0].cdr_id };
  }

  private async post(
    cpoPartyId: string,
    cdrId: string,
    emspPartyId: string,
    attempt: number,
  ): Promise<RecordDeliveryAttempt['data']['outcome']> {
    const url = await webhookUrlOf(this.db, emspPartyId);
    if (!url) return { ok: false, error: 'the EVSP has no webhookUrl' };
    const body = await this.bodyOf(cpoPartyId, cdrId);
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.recordId]: recordIdOf(cpoPartyId, cdrId),
          [WEBHOOK_HEADERS.attempt]: String(attempt),
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: signWebhookBody(this.settings.signingKey, timestamp, body),
          [WEBHOOK_HEADERS.keyId]: this.settings.signingKey.keyId,
        },
        body,
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true, httpStatus: response.status } : { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, error: cause ?? (error as Error).name ?? 'request failed' };
    }
  }

  /** The record exactly as published on the EVSP's topic (CdrForwardedV1.data). */
  private async bodyOf(cpoPartyId: string, cdrId: string): Promise<string> {
    const events = await this.store.readStream(cdrStream(cpoPartyId, cdrId));
    const forwarded = [...events].reverse().find((e) => e.type === 'CdrForwarded');
    if (!forwarded) throw new Error(`CDR ${cdrId} of ${cpoPartyId} has no CdrForwarded event`);
    const [message] = cdrEventToIntegration(forwarded);
    return JSON.stringify((message.value as { data: unknown }).data);
  }
}

/** The EVSP's webhook from the registry view (PartnerEndpointsChanged), or null when it has none. */
export async function webhookUrlOf(sql: SqlExecutor, emspPartyId: string): Promise<string | null> {
  const { rows } = await sql.query<{ webhook_url: string | null }>(
    `SELECT webhook_url FROM ${CDR_SCHEMA}.registry_partners
     WHERE $1 = ANY(party_ids) AND 'emsp' = ANY(roles) AND status <> 'deactivated'
     ORDER BY (webhook_url IS NOT NULL) DESC, endpoints_at DESC NULLS LAST LIMIT 1`,
    [emspPartyId],
  );
  return rows[0]?.webhook_url ?? null;
}
