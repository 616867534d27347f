import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { HEADER, integrationMessageId } from '@roaming/messaging';
import { toSessionMessages } from './session.to-integration';
import { toPartnerMessages } from './to-partners';

const recorded = (type: string, data: object, streamName = 'remoteCommand-c-1'): RecordedEvent => ({
  type,
  data,
  metadata: { recordedAt: '2026-03-01T10:00:00.100Z', messageId: 'e-1' },
  messageId: '3f0c1d2e-0000-4000-8000-000000000009',
  schemaVersion: 1,
  streamName,
  category: streamName.split('-')[0],
  streamPosition: 1,
  globalPosition: '9',
  transactionId: '900',
  recordedAt: '2026-03-01T10:00:00.100Z',
  hash: 'h',
});

const request = {
  authorizationId: 'a-1',
  evseId: 'DE*ABC*E1',
  cpoPartyId: 'DEABC',
  tokenUid: '04A2B3C4',
  tokenType: 'RFID',
  requestedAt: '2026-03-01T10:00:00.000Z',
};

describe('what partners receive on their b2b.<party>.outbound.v1 (IEC 63119-2 UC3-1 over Kafka, UC3-2/UC3-4, eMI3 UCE CS)', () => {
  it('answers an authorization asked over Kafka to the party that asked, quoting its request id', () => {
    const event = recorded(
      'AuthorizationDenied',
      {
        ...request,
        reason: 'EVSE_NOT_OWNED',
        emspPartyId: null,
        channel: { kind: 'kafka', requestId: 'r-1', replyTo: 'NLEVB' },
      },
      'authorization-a-1',
    );
    const [message] = toPartnerMessages(event);
    expect(message.topic).toBe(partnerOutboundTopic('NLEVB'));
    expect(message.key).toBe('NLEVB');
    expect(message.headers[HEADER.messageId]).toBe(integrationMessageId(event, 1));
    expect(message.value).toMatchObject({
      type: 'AuthorizationDecision',
      data: { requestId: 'r-1', authorizationId: 'a-1', status: 'DENIED', reason: 'EVSE_NOT_OWNED', decidedBy: 'hub' },
    });
  });

  it('sends nothing to a partner for a decision it asked for over REST (the HTTP answer carried it)', () => {
    const event = recorded(
      'AuthorizationGranted',
      { ...request, emaid: 'E', emspPartyId: 'DE8AA', agreementId: 'ag', channel: { kind: 'http' } },
      'authorization-a-1',
    );
    expect(toPartnerMessages(event)).toEqual([]);
  });

  it('sends a remote start to the CPO and its outcome to the EVSP', () => {
    const [start] = toPartnerMessages(
      recorded('RemoteStartRequested', {
        commandId: 'c-1',
        kind: 'START_SESSION',
        emspPartyId: 'DE8AA',
        cpoPartyId: 'DEABC',
        evseId: 'DE*ABC*E1',
        emaid: 'DE8AACA2B3C4D5L',
        authorizationId: 'a-1',
        requestedAt: '2026-03-01T10:00:00.000Z',
        respondBy: '2026-03-01T10:01:00.000Z',
      }),
    );
    expect(start.topic).toBe(partnerOutboundTopic('DEABC'));
    expect(start.value).toEqual({
      type: 'RemoteStartSession',
      schemaVersion: 1,
      occurredAt: '2026-03-01T10:00:00.100Z',
      data: {
        commandId: 'c-1',
        evseId: 'DE*ABC*E1',
        emaid: 'DE8AACA2B3C4D5L',
        authorizationId: 'a-1',
        respondBy: '2026-03-01T10:01:00.000Z',
      },
    });
    const [timedOut] = toPartnerMessages(
      recorded('RemoteCommandTimedOut', {
        commandId: 'c-1',
        kind: 'START_SESSION',
        emspPartyId: 'DE8AA',
        cpoPartyId: 'DEABC',
        evseId: 'DE*ABC*E1',
        authorizationId: 'a-1',
        sessionId: null,
        respondBy: '2026-03-01T10:01:00.000Z',
        timedOutAt: '2026-03-01T10:01:00.000Z',
      }),
    );
    expect(timedOut.topic).toBe(partnerOutboundTopic('DE8AA'));
    expect(timedOut.value).toMatchObject({ type: 'RemoteCommandResult', data: { status: 'TIMED_OUT', reason: null } });
  });

  it("tells the EVSP about its customers' sessions; the other contexts get start and end on authorization.events.v1", () => {
    const started = recorded(
      'SessionStarted',
      {
        sessionId: 's-1',
        cpoPartyId: 'DEABC',
        cpoSessionId: 'cpo-1',
        evseId: 'DE*ABC*E1',
        emspPartyId: 'DE8AA',
        emaid: 'DE8AACA2B3C4D5L',
        tokenUid: '04A2B3C4',
        tokenType: 'RFID',
        authorizationId: 'a-1',
        method: 'LOCAL',
        offline: false,
        agreementId: 'ag-1',
        tariffId: null,
        startedAt: '2026-03-01T10:00:00.000Z',
        reportedAt: '2026-03-01T10:00:01.000Z',
      },
      'session-s-1',
    );
    const [toEmsp] = toPartnerMessages(started);
    const [toContexts] = toSessionMessages(started);
    expect(toEmsp.topic).toBe(partnerOutboundTopic('DE8AA'));
    expect(toContexts.topic).toBe(TOPICS.authorizationEvents);
    expect(toContexts.key).toBe('session-s-1');
    expect(toContexts.value).toEqual(toEmsp.value);
    expect(toContexts.headers[HEADER.messageId]).not.toBe(toEmsp.headers[HEADER.messageId]);
    const progressed = recorded(
      'SessionProgressed',
      { sessionId: 's-1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA', energyWh: 5, status: 'CHARGING', measuredAt: 'x' },
      'session-s-1',
    );
    expect(toSessionMessages(progressed)).toEqual([]);
    expect(toPartnerMessages(progressed)[0].value).toMatchObject({ type: 'SessionProgressed', data: { energyWh: 5 } });
  });
});
