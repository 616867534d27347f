import {
  type InvoiceIssuedV1,
  partnerOutboundTopic,
  type RecordParkedV1,
  type StatementClosedV1,
  TOPICS,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { InvoiceBookEvent } from '../invoicing/book/invoice-book';
import type { RecordEvent } from '../record/domain/record';
import type { StatementEvent } from '../statement/domain/statement';

export const SETTLEMENT_MESSAGE_SCHEMA_VERSION = 1;

/**
 * Settlement's published language (libs/contracts settlement.v1): closed statements and parked records on
 * `settlement.events.v1`; a parked record also to the CPO that sent it, invoices and credit notes to both partners,
 * on their outbound topics.
 */
export function toSettlementMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as StatementEvent | RecordEvent | InvoiceBookEvent;
  const envelope = { schemaVersion: SETTLEMENT_MESSAGE_SCHEMA_VERSION, occurredAt: event.recordedAt };
  switch (known.type) {
    case 'StatementClosed': {
      const { closedBy: _closedBy, ...data } = known.data;
      const value: StatementClosedV1 = { type: 'StatementClosed', ...envelope, data };
      return [
        integrationMessage(event, 0, {
          topic: TOPICS.settlementEvents,
          type: value.type,
          schemaVersion: value.schemaVersion,
          value,
        }),
      ];
    }
    case 'RecordParked': {
      const d = known.data;
      const value: RecordParkedV1 = {
        type: 'RecordParked',
        ...envelope,
        data: {
          cdrId: d.record.cdrId,
          cpoPartyId: d.record.cpoPartyId,
          emspPartyId: d.record.emspPartyId,
          reason: d.reason,
          detail: d.detail,
        },
      };
      const spec = { type: value.type, schemaVersion: value.schemaVersion, value };
      return [
        integrationMessage(event, 0, { ...spec, topic: TOPICS.settlementEvents }),
        integrationMessage(event, 1, { ...spec, topic: partnerOutboundTopic(d.record.cpoPartyId) }),
      ];
    }
    case 'InvoiceIssued':
    case 'CreditNoteIssued': {
      const d = known.data.document;
      const value: InvoiceIssuedV1 = {
        type: known.type,
        ...envelope,
        data: {
          invoiceNumber: d.invoiceNumber,
          creditOf: d.creditedInvoiceNumber,
          statementId: d.statementId,
          issuerPartyId: d.issuerPartyId,
          recipientPartyId: d.recipientPartyId,
          issueDate: d.issueDate,
          totals: d.totals,
          path: `/v1/invoices/${d.invoiceNumber}`,
        },
      };
      const spec = { type: value.type, schemaVersion: value.schemaVersion, value };
      return [
        integrationMessage(event, 0, { ...spec, topic: TOPICS.settlementEvents }),
        integrationMessage(event, 1, { ...spec, topic: partnerOutboundTopic(d.issuerPartyId) }),
        integrationMessage(event, 2, { ...spec, topic: partnerOutboundTopic(d.recipientPartyId) }),
      ];
    }
    default:
      return [];
  }
}
