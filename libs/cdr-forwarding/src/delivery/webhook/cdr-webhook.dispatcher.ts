import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, type Deadline, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { cdrStream } from '../../cdr/domain/cdr.stream';
import { cdrEventToIntegration } from '../../integration/cdr-forwarding.to-integration';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';
import { CDR_DELIVERY_SETTINGS, type CdrDeliverySettings } from '../config/cdr-delivery.settings';
import { cdrDeliveryDecider, type RecordDeliveryAttempt } from '../domain';
import { recordIdOf, signWebhookBody, WEBHOOK_HEADERS } from './hub-signature';

/**
 * Makes one webhook attempt for a due delivery (fired by the DeadlineTimer over `cdr.deadlines`): reads the
 * delivery and the forwarded record from the store, POSTs the record (CdrV1, the same body as on the EVSP's topic)
 * signed with the hub's key, and records the outcome on the delivery stream, whose decider chooses the next due
 * time. At-least-once: a crash between the POST and the record repeats the attempt with the same record id and
 * attempt number, and the EVSP de-duplicates by the record id.
 */
@Injectable()
export class CdrWebhookDispatcher {
  private readonly logger = new Logger(CdrWebhookDispatcher.name);
  /**
   * EVSPs whose webhook just failed (no answer, timeout, 5xx), until when: their other due records fail at once
   * without a request (an open circuit), so that one EVSP that times out does not hold up the deliveries to the
   * others (attempts run one after the other). In memory only: after a restart every EVSP is tried again.
   */
  private readonly unreachable = new Map<string, { until: number; error: string }>();

  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(CDR_DELIVERY_SETTINGS) private readonly settings: CdrDeliverySettings,
  ) {}

  readonly fire = async (deadline: Deadline): Promise<void> => {
    const { state } = await loadState(this.store, deadline.streamName, cdrDeliveryDecider);
    if (state.status === 'none' || state.status === 'DELIVERED' || state.channel !== 'WEBHOOK') return;
    const attempt = state.attempts + 1;
    const circuit = this.unreachable.get(state.emspPartyId);
    const open = circuit !== undefined && circuit.until > this.clock.now().getTime();
    const outcome: RecordDeliveryAttempt['data']['outcome'] = open
      ? { ok: false, error: `not sent: the EVSP's webhook failed just before (${circuit.error})` }
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
    await handleCommand(this.store, deadline.streamName, cdrDeliveryDecider, command, {
      metadata: { actor: 'hub:cdr-webhook', correlationId: recordIdOf(state.cpoPartyId, state.cdrId) },
      retryOnConflict: 3,
    });
    if (!outcome.ok) this.logger.warn(`CDR ${state.cdrId} of ${state.cpoPartyId} attempt ${attempt}: ${outcome.error}`);
  };

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
