import { TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { HEADER, integrationMessageId } from '@roaming/messaging';
import { parseCdrSubmission } from '../cdr/domain';
import { cdrEventToIntegration } from './cdr-forwarding.to-integration';

const record = parseCdrSubmission({
  cdrId: 'CDR-1',
  evseId: 'DE*ABC*E1*1',
  emaid: 'DE-8AA-001234567-0',
  tokenUid: '04A2B3C4',
  startedAt: '2026-03-01T10:00:00Z',
  endedAt: '2026-03-01T11:00:00Z',
  energyWh: 11_000,
  totalCost: { amount: '4.40', currency: 'EUR' },
}).record;

function recorded(type: string, data: unknown): RecordedEvent {
  return {
    type,
    data,
    metadata: {
      recordedAt: '2026-03-01T11:00:05.000Z',
      messageId: 'e0000000-0000-4000-8000-000000000001',
      correlationId: 'corr-1',
    },
    messageId: 'e0000000-0000-4000-8000-000000000001',
    schemaVersion: 1,
    streamName: 'cdr-0f3e',
    category: 'cdr',
    streamPosition: 2,
    globalPosition: '7',
    transactionId: '100',
    recordedAt: '2026-03-01T11:00:05.000Z',
    hash: 'h',
  };
}

describe('cdr-forwarding domain events → integration messages (GeM 984 forward, eMI3 UC 200 16.1 push)', () => {
  it('publishes CdrForwarded on the context topic and on the EVSP outbound topic, keyed by the stream', () => {
    const event = recorded('CdrForwarded', {
      ...record,
      emspPartyId: 'DE8AA',
      agreementId: 'agr-1',
      forwardedAt: '2026-03-01T11:00:05.000Z',
    });
    const messages = cdrEventToIntegration(event);
    expect(messages.map((m) => [m.topic, m.key])).toEqual([
      [TOPICS.cdrForwardingEvents, 'cdr-0f3e'],
      ['b2b.DE8AA.outbound.v1', 'cdr-0f3e'],
    ]);
    expect(messages.map((m) => m.headers[HEADER.messageId])).toEqual([
      integrationMessageId(event, 0),
      integrationMessageId(event, 1),
    ]);
    expect(messages[0].headers).toMatchObject({ [HEADER.type]: 'CdrForwarded', [HEADER.correlationId]: 'corr-1' });
    expect(messages[1].value).toEqual({
      type: 'CdrForwarded',
      schemaVersion: 1,
      occurredAt: '2026-03-01T11:00:05.000Z',
      data: {
        cdrId: 'CDR-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        evseId: 'DE*ABC*E1*1',
        emaid: 'DE8AA0012345670',
        tokenUid: '04A2B3C4',
        authorizationId: null,
        startedAt: '2026-03-01T10:00:00.000Z',
        endedAt: '2026-03-01T11:00:00.000Z',
        energyWh: 11_000,
        totalCost: { amount: '4.4000', currency: 'EUR' },
        // Fields added within v1, with their stated defaults for a record that predates them.
        recordType: 'CDR',
        sessionId: null,
        authorizationMode: 'AUTHORIZED',
        timeZone: 'UTC',
        reactiveEnergyVarh: null,
        chargingPeriods: [],
        meterValues: [],
        signedMeterData: null,
        tariffId: null,
        costBreakdown: null,
        services: [],
        creditOf: null,
        revisionOf: null,
      },
    });
  });

  it('publishes every field of an SDR, signed meter data verbatim, the mode and the time zone forwarded', () => {
    const signed = { format: 'OCMF', value: 'OCMF|{"FV":"1.0"}|{"SA":"ECDSA-secp256r1-SHA256","SD":"30 45"}' };
    const event = recorded('CdrForwarded', {
      ...record,
      recordType: 'SDR',
      sessionId: 'S-1',
      signedMeterData: signed,
      costBreakdown: { exclVat: '3.6975', vat: '0.7025' },
      services: [
        {
          type: 'PARKING',
          description: null,
          startedAt: null,
          endedAt: null,
          amountExclVat: '1.0000',
          vat: '0.1900',
        },
      ],
      emspPartyId: 'DE8AA',
      agreementId: 'agr-1',
      forwardedAt: '2026-03-01T11:00:05.000Z',
      authorizationMode: 'OFFLINE',
      timeZone: 'Europe/Berlin',
    });
    expect(cdrEventToIntegration(event)[1].value).toMatchObject({
      data: {
        recordType: 'SDR',
        sessionId: 'S-1',
        signedMeterData: signed,
        authorizationMode: 'OFFLINE',
        timeZone: 'Europe/Berlin',
        costBreakdown: { exclVat: '3.6975', vat: '0.7025' },
        services: [{ type: 'PARKING', amountExclVat: '1.0000', vat: '0.1900' }],
      },
    });
  });

  it('publishes CdrRejected on the context topic and on the CPO outbound topic', () => {
    const event = recorded('CdrRejected', {
      cdrId: 'CDR-1',
      cpoPartyId: 'DEABC',
      emspPartyId: 'DE8AA',
      code: 'CDR_NO_AGREEMENT',
      reason: 'no agreement',
      rejectedAt: '2026-03-01T11:00:05.000Z',
    });
    const messages = cdrEventToIntegration(event);
    expect(messages.map((m) => m.topic)).toEqual([TOPICS.cdrForwardingEvents, 'b2b.DEABC.outbound.v1']);
    expect(messages[0].value).toMatchObject({
      type: 'CdrRejected',
      data: {
        cdrId: 'CDR-1',
        cpoPartyId: 'DEABC',
        code: 'CDR_NO_AGREEMENT',
        reason: 'no agreement',
        // An event recorded before the list existed still publishes one violation.
        violations: [{ code: 'CDR_NO_AGREEMENT', field: 'record', reason: 'no agreement' }],
      },
    });
  });

  it('keeps CdrReceived internal', () => {
    expect(cdrEventToIntegration(recorded('CdrReceived', { ...record, receivedAt: 'x' }))).toEqual([]);
  });
});
