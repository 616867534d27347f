import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { cdrNotificationsOf } from './cdr-notifications.forwarder';

const REF = { cdrId: 'CDR-1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };

function recorded(type: string, data: object): RecordedEvent {
  return {
    type,
    data: { ...REF, ...data },
    streamName: 'cdrDelivery-1',
    streamPosition: 1,
    messageId: '6f1c2a34-8d4b-4c1e-9a7b-0d2e3f4a5b6c',
    recordedAt: '2026-03-01T12:00:00.000Z',
    metadata: { recordedAt: '2026-03-01T12:00:00.000Z', messageId: '6f1c2a34-8d4b-4c1e-9a7b-0d2e3f4a5b6c' },
  } as unknown as RecordedEvent;
}

const topicsOf = (type: string, data: object = {}) => cdrNotificationsOf(recorded(type, data)).map((m) => m.topic);

describe('CDR notifications to the other party (GeM 984 alert, IEC 63119-2 6.4.2)', () => {
  it('tells the EVSP of a stalled delivery, the CPO of an acknowledgement, approval and dispute', () => {
    expect(topicsOf('CdrDeliveryStalled', { attempts: 3, lastError: 'HTTP 503' })).toEqual([
      TOPICS.cdrForwardingEvents,
      partnerOutboundTopic('DE8AA'),
    ]);
    for (const type of ['CdrAcknowledged', 'CdrApproved', 'CdrDisputed']) {
      expect(topicsOf(type, { reasonCode: 'OTHER', reason: 'x' })).toEqual([
        TOPICS.cdrForwardingEvents,
        partnerOutboundTopic('DEABC'),
      ]);
    }
  });

  it('tells the EVSP of a rejected dispute and of a revision, with stable message ids', () => {
    const messages = cdrNotificationsOf(recorded('CdrRevised', { revisionCdrId: 'CDR-1-R1' }));
    expect(messages.map((m) => m.topic)).toEqual([TOPICS.cdrForwardingEvents, partnerOutboundTopic('DE8AA')]);
    expect(messages[1].value).toMatchObject({
      type: 'CdrRevised',
      data: { state: 'REVISED', revisionCdrId: 'CDR-1-R1' },
    });
    const again = cdrNotificationsOf(recorded('CdrRevised', { revisionCdrId: 'CDR-1-R1' }));
    expect(again.map((m) => m.headers['message-id'])).toEqual(messages.map((m) => m.headers['message-id']));
    expect(topicsOf('CdrDisputeRejected', { reason: 'stands' })).toEqual([
      TOPICS.cdrForwardingEvents,
      partnerOutboundTopic('DE8AA'),
    ]);
  });

  it('tells both parties of a revision refused after the approval (review finding 10), with stable message ids', () => {
    const event = recorded('CdrRevisionRefused', {
      revisionCdrId: 'CDR-1-R1',
      code: 'CDR_ALREADY_APPROVED',
      refusedAt: '2026-03-01T12:00:00.000Z',
    });
    const messages = cdrNotificationsOf(event);
    expect(messages.map((m) => m.topic)).toEqual([
      TOPICS.cdrForwardingEvents,
      partnerOutboundTopic('DEABC'),
      partnerOutboundTopic('DE8AA'),
    ]);
    for (const message of messages) {
      expect(message.value).toMatchObject({
        type: 'CdrRevisionRefused',
        data: { ...REF, revisionCdrId: 'CDR-1-R1', code: 'CDR_ALREADY_APPROVED' },
      });
    }
    expect(new Set(messages.map((m) => m.headers['message-id'])).size).toBe(3);
    expect(cdrNotificationsOf(event).map((m) => m.headers['message-id'])).toEqual(
      messages.map((m) => m.headers['message-id']),
    );
  });

  it('keeps queueing, attempts and retries internal', () => {
    for (const type of ['CdrDeliveryQueued', 'CdrDelivered', 'CdrDeliveryAttemptFailed', 'CdrReconciliationOpened']) {
      expect(topicsOf(type)).toEqual([]);
    }
  });
});
