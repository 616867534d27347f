import { TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { HEADER, integrationMessageId } from '@roaming/messaging';
import { toAuthorizationMessages } from './authorization.to-integration';

const request = {
  authorizationId: 'a-1',
  evseId: 'DE*ABC*E1',
  cpoPartyId: 'DEABC',
  tokenUid: '04A2B3C4',
  tokenType: 'RFID',
  requestedAt: '2026-03-01T10:00:00.000Z',
};

const recorded = (type: string, data: object): RecordedEvent => ({
  type,
  data,
  metadata: { recordedAt: '2026-03-01T10:00:00.100Z', messageId: 'e-1', correlationId: 'corr-1' },
  messageId: '3f0c1d2e-0000-4000-8000-000000000001',
  schemaVersion: 1,
  streamName: 'authorization-a-1',
  category: 'authorization',
  streamPosition: 1,
  globalPosition: '7',
  transactionId: '700',
  recordedAt: '2026-03-01T10:00:00.100Z',
  hash: 'h',
});

describe('authorization events on authorization.events.v1 (IEC 63119-2 UC3-1: the decision reaches the other contexts)', () => {
  it('maps AuthorizationGranted to the published language, keyed by the stream', () => {
    const event = recorded('AuthorizationGranted', {
      ...request,
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      agreementId: 'ag-1',
      allowedServices: ['CHARGING', 'RESERVATION'],
      tariffId: 't-7',
      decidedBy: 'emsp',
    });
    expect(toAuthorizationMessages(event)).toEqual([
      {
        topic: TOPICS.authorizationEvents,
        key: 'authorization-a-1',
        value: {
          type: 'AuthorizationGranted',
          schemaVersion: 1,
          occurredAt: '2026-03-01T10:00:00.100Z',
          data: {
            authorizationId: 'a-1',
            evseId: 'DE*ABC*E1',
            cpoPartyId: 'DEABC',
            emspPartyId: 'DE8AA',
            emaid: 'DE8AACA2B3C4D5L',
            tokenUid: '04A2B3C4',
            agreementId: 'ag-1',
            allowedServices: ['CHARGING', 'RESERVATION'],
            tariffId: 't-7',
            decidedBy: 'emsp',
          },
        },
        headers: {
          [HEADER.messageId]: integrationMessageId(event, 0),
          [HEADER.type]: 'AuthorizationGranted',
          [HEADER.schemaVersion]: '1',
          [HEADER.correlationId]: 'corr-1',
          [HEADER.causationId]: event.messageId,
        },
      },
    ]);
  });

  it('maps AuthorizationDenied with its reason and the provider when known', () => {
    const [message] = toAuthorizationMessages(
      recorded('AuthorizationDenied', { ...request, reason: 'TOKEN_STOLEN', emspPartyId: 'DE8AA' }),
    );
    expect(message.value).toEqual({
      type: 'AuthorizationDenied',
      schemaVersion: 1,
      occurredAt: '2026-03-01T10:00:00.100Z',
      data: {
        authorizationId: 'a-1',
        evseId: 'DE*ABC*E1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        tokenUid: '04A2B3C4',
        reason: 'TOKEN_STOLEN',
        decidedBy: 'hub',
      },
    });
  });

  it('fills the terms of a grant recorded before they existed: no service restriction, the published tariff, the hub', () => {
    const [message] = toAuthorizationMessages(
      recorded('AuthorizationGranted', {
        ...request,
        emaid: 'DE8AACA2B3C4D5L',
        emspPartyId: 'DE8AA',
        agreementId: 'a',
      }),
    );
    expect(message.value).toMatchObject({ data: { allowedServices: null, tariffId: null, decidedBy: 'hub' } });
  });

  it('gives the same message id when the same event is forwarded again', () => {
    const event = recorded('AuthorizationDenied', { ...request, reason: 'UNKNOWN_TOKEN', emspPartyId: null });
    expect(toAuthorizationMessages(event)[0].headers[HEADER.messageId]).toBe(
      toAuthorizationMessages(event)[0].headers[HEADER.messageId],
    );
  });

  it('publishes nothing for an event type it does not know', () => {
    expect(toAuthorizationMessages(recorded('SomethingElse', {}))).toEqual([]);
  });
});
