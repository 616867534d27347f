import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { type BatchHandlerContext, HEADER, type InboundMessage } from '@roaming/messaging';
import { PartnerMessageAuthenticator, PartnerMessageRefusedError } from '@roaming/platform';
import { Clock, DomainError, PartyId } from '@roaming/shared-kernel';
import { createHash } from 'crypto';
import { parseStatusReport } from '../domain';
import { type ReportToRecord, StatusRecorder } from '../status-recorder';

/** Consumer group of the Kafka status door (also its de-duplication scope). */
export const EVSE_STATUS_INTAKE_GROUP = 'station-management.evse-status';

/**
 * The Kafka door for EVSE status (`b2b.evse-status.inbound.v1`, eMI3 UCE U "Operator → MCH"): one report per
 * message, key = the reporting CPO's party id, signed with the CPO's API key (PartnerMessageAuthenticator: a `cpo`
 * key whose party ids hold the message key; the directory is read once per key id of the batch). A whole batch is
 * decided with one catalogue lookup and recorded with one append per operator feed, in the transaction that claims
 * the batch's message ids. A report the hub refuses (unauthenticated, with its code: UNAUTHENTICATED,
 * PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED; unknown EVSE, another operator's EVSE, unknown status,
 * malformed body, unknown sender) is rejected on its own, writing nothing, and parked on
 * `b2b.evse-status.inbound.v1.dlq` with the rule it broke; the rest of the batch is recorded.
 */
@Injectable()
export class EvseStatusIntakeConsumer {
  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly recorder: StatusRecorder,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  readonly handle = async (messages: readonly InboundMessage[], { tx, reject }: BatchHandlerContext): Promise<void> => {
    const receivedAt = this.clock.now().toISOString();
    const authenticated = await this.authenticated(messages, tx, reject);
    const reporters = await this.reporters(authenticated, tx);
    const items: ReportToRecord[] = [];
    const sources: InboundMessage[] = [];
    for (const message of authenticated) {
      const reporterPartyIds = message.key ? reporters.get(normalized(message.key)) : undefined;
      if (!reporterPartyIds) {
        reject(message, 'the message key must be the party id of a registered, active CPO');
        continue;
      }
      try {
        const messageId = message.headers[HEADER.messageId];
        items.push({
          report: parseStatusReport(parseJson(message.rawValue), receivedAt),
          reporterPartyIds,
          messageId,
          metadata: {
            correlationId: message.headers[HEADER.correlationId] ?? messageId,
            causationId: messageId,
            actor: normalized(message.key ?? ''),
            channel: 'kafka',
          },
        });
        sources.push(message);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        reject(message, `${error.code}: ${error.message}`);
      }
    }
    if (items.length === 0) return;
    const outcomes = await this.recorder.decide(items, receivedAt, tx);
    outcomes.forEach((outcome, i) => {
      if (!outcome.accepted) reject(sources[i], `${outcome.error.code}: ${outcome.error.message}`);
    });
    // The batch's message ids name its events: the same batch delivered again collides in the store too.
    const batchKey = createHash('sha256')
      .update(sources.map((m) => m.headers[HEADER.messageId]).join(','))
      .digest('hex');
    await this.recorder.append(items, outcomes, receivedAt, batchKey, tx);
  };

  /** The messages of the batch signed by a CPO for its own party; the others are rejected with their code. */
  private async authenticated(
    messages: readonly InboundMessage[],
    tx: SqlExecutor,
    reject: BatchHandlerContext['reject'],
  ): Promise<InboundMessage[]> {
    // All at once: the signatures are verified side by side off the event loop (the door takes thousands a second).
    const results = await this.authenticator.batch({ roles: ['cpo'], tx }).authenticateAll(messages);
    const authenticated: InboundMessage[] = [];
    results.forEach((result, i) => {
      if (result instanceof PartnerMessageRefusedError) reject(messages[i], result.reason);
      else authenticated.push(messages[i]);
    });
    return authenticated;
  }

  /** The party ids of the active CPO partner behind each key of the batch, in one query. */
  private async reporters(messages: readonly InboundMessage[], tx: SqlExecutor): Promise<Map<string, string[]>> {
    const keys = [...new Set(messages.map((m) => (m.key ? normalized(m.key) : '')).filter((k) => k !== ''))];
    if (keys.length === 0) return new Map();
    const { rows } = await (tx ?? this.db).query<{ party_ids: string[] }>(
      `SELECT party_ids FROM station.registry_partners
       WHERE party_ids && $1::text[] AND roles @> ARRAY['cpo']::text[] AND status = 'active'`,
      [keys],
    );
    const byKey = new Map<string, string[]>();
    for (const row of rows)
      for (const party of row.party_ids) if (keys.includes(party)) byKey.set(party, row.party_ids);
    return byKey;
  }
}

function normalized(key: string): string {
  return PartyId.isValid(key) ? PartyId.parse(key).value : '';
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw DomainError.validation('STATUS_REPORT_INVALID', 'the message body is not JSON', {
      field: 'body',
      rule: 'json',
    });
  }
}
