import { Injectable } from '@nestjs/common';
import { type CdrV1, IntegrationMessageError, parseIntegrationMessage } from '@roaming/contracts';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import type { SettlementRecordInput } from '../record/domain/record';
import { RecordPricer } from '../record/record-pricer';
import { instant, party, text } from '../views/registry-view.consumer';

/** Consumer group of the record intake (also its de-duplication scope). */
export const SETTLEMENT_RECORDS_GROUP = 'settlement.records';

/**
 * Every record cdr-forwarding accepted (CdrForwarded on `cdr-forwarding.events.v1`) is priced once, in the
 * consumer's transaction with its de-duplication row: nothing accepted is lost or priced twice.
 */
@Injectable()
export class RecordsConsumer {
  constructor(private readonly pricer: RecordPricer) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    if (body.type !== 'CdrForwarded') return;
    const record = readRecord(body.data as Record<string, unknown>);
    await this.pricer.price(tx, record, instant(body.occurredAt, 'occurredAt'), {
      causationId: message.headers[HEADER.messageId],
      correlationId: message.headers[HEADER.correlationId] ?? message.headers[HEADER.messageId],
      actor: 'settlement.records',
    });
  };
}

/** Tolerant reading of CdrV1: the fields settlement needs are checked, the optional ones taken when present. */
export function readRecord(data: Record<string, unknown>): SettlementRecordInput {
  const cdr = data as unknown as CdrV1;
  const cost = cdr.totalCost;
  if (!cost || typeof cost.amount !== 'string' || typeof cost.currency !== 'string') {
    throw new IntegrationMessageError('data.totalCost is missing');
  }
  if (typeof cdr.energyWh !== 'number') throw new IntegrationMessageError('data.energyWh must be a number');
  return {
    cdrId: text(data, 'cdrId'),
    cpoPartyId: party(data, 'cpoPartyId'),
    emspPartyId: party(data, 'emspPartyId'),
    evseId: text(data, 'evseId'),
    startedAt: instant(cdr.startedAt, 'startedAt'),
    endedAt: instant(cdr.endedAt, 'endedAt'),
    energyWh: cdr.energyWh,
    totalCost: { amount: cost.amount, currency: cost.currency },
    ...(cdr.timeZone ? { timeZone: cdr.timeZone } : {}),
    ...(typeof cdr.chargingDurationSeconds === 'number'
      ? { chargingDurationSeconds: cdr.chargingDurationSeconds }
      : {}),
    ...(cdr.chargingPeriods?.length ? { chargingPeriods: cdr.chargingPeriods } : {}),
    tariffId: cdr.tariffId ?? null,
    creditOf: cdr.creditOf ?? null,
    revisionOf: cdr.revisionOf ?? null,
    ...(Array.isArray(cdr.services) && cdr.services.length > 0
      ? {
          services: cdr.services.map((s) => ({
            type: s.type,
            description: s.description ?? null,
            amountExclVat: s.amountExclVat,
            vat: s.vat,
          })),
        }
      : {}),
  };
}
