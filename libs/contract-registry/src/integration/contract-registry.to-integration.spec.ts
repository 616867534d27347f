import { TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { HEADER } from '@roaming/messaging';
import { toIntegrationMessages } from './contract-registry.to-integration';

const recordedAt = '2026-03-01T10:00:00.000Z';
function recorded(
  streamName: string,
  type: string,
  data: unknown,
  messageId = '11111111-1111-4111-8111-111111111111',
): RecordedEvent {
  return {
    type,
    data,
    metadata: { recordedAt, messageId, correlationId: 'corr-1' },
    messageId,
    schemaVersion: 1,
    streamName,
    category: streamName.split('-')[0],
    streamPosition: 1,
    globalPosition: '1',
    transactionId: '1',
    recordedAt,
    hash: 'h',
  };
}

const partnerId = '00000000-0000-4000-8000-000000000001';
const partnerStream = `partner-${partnerId}`;

describe('contract registry → integration messages (contract-registry.v1)', () => {
  it('maps PartnerRegistered without the partner contract version, keyed by the stream, with standard headers', () => {
    const [message] = toIntegrationMessages(
      recorded(partnerStream, 'PartnerRegistered', {
        partnerId,
        name: 'Example GmbH',
        roles: ['cpo'],
        partyIds: ['DEABC'],
        partnerContractVersion: 'PC-1',
        registeredAt: recordedAt,
      }),
    );
    expect(message).toEqual({
      topic: TOPICS.contractRegistryEvents,
      key: partnerStream,
      value: {
        type: 'PartnerRegistered',
        schemaVersion: 1,
        occurredAt: recordedAt,
        data: { partnerId, name: 'Example GmbH', roles: ['cpo'], partyIds: ['DEABC'] },
      },
      headers: {
        [HEADER.messageId]: expect.stringMatching(/^[0-9a-f-]{36}$/),
        [HEADER.type]: 'PartnerRegistered',
        [HEADER.schemaVersion]: '1',
        [HEADER.correlationId]: 'corr-1',
        [HEADER.causationId]: '11111111-1111-4111-8111-111111111111',
      },
    });
  });

  it('maps suspension and reactivation to PartnerStatusChanged', () => {
    const suspended = toIntegrationMessages(
      recorded(partnerStream, 'PartnerSuspended', { partnerId, reason: null, suspendedAt: recordedAt }),
    );
    const reactivated = toIntegrationMessages(
      recorded(partnerStream, 'PartnerReactivated', { partnerId, reactivatedAt: recordedAt }),
    );
    expect(suspended.map((m) => m.value)).toEqual([
      expect.objectContaining({ type: 'PartnerStatusChanged', data: { partnerId, status: 'suspended' } }),
    ]);
    expect(reactivated.map((m) => m.value)).toEqual([
      expect.objectContaining({ type: 'PartnerStatusChanged', data: { partnerId, status: 'active' } }),
    ]);
  });

  it('maps a deactivation to PartnerStatusChanged deactivated (GeM UC 1380)', () => {
    const [message] = toIntegrationMessages(
      recorded(partnerStream, 'PartnerDeactivated', { partnerId, reason: null, deactivatedAt: recordedAt }),
    );
    expect(message.value).toMatchObject({ type: 'PartnerStatusChanged', data: { partnerId, status: 'deactivated' } });
  });

  it('maps endpoint changes to PartnerEndpointsChanged; roaming partners stay inside', () => {
    const [message] = toIntegrationMessages(
      recorded(partnerStream, 'PartnerEndpointsChanged', {
        partnerId,
        partyIds: ['NLEVB'],
        roles: ['emsp'],
        webhookUrl: null,
        authorizationUrl: 'https://evsp.example/authorize',
        commandUrl: null,
        storesContractsAtHub: false,
        authorizationTimeoutMs: null,
        changedAt: recordedAt,
      }),
    );
    expect(message.headers[HEADER.type]).toBe('PartnerEndpointsChanged');
    expect(message.value).toMatchObject({
      data: {
        partnerId,
        authorizationUrl: 'https://evsp.example/authorize',
        storesContractsAtHub: false,
        authorizationTimeoutMs: null,
      },
    });
    expect(
      toIntegrationMessages(
        recorded(partnerStream, 'PartnerRoamingPartnersDeclared', { partnerId, roamingPartners: ['DEABC'] }),
      ),
    ).toEqual([]);
  });

  it('maps credential issue (hash, signing public key, roles, party ids) and revocation', () => {
    const keyHash = 'b'.repeat(64);
    const signingPublicKey = 'B'.repeat(43);
    const issued = toIntegrationMessages(
      recorded(partnerStream, 'PartnerCredentialIssued', {
        partnerId,
        keyId: 'k-1',
        keyHash,
        signingPublicKey,
        roles: ['emsp'],
        partyIds: ['NLEVB'],
        issuedAt: recordedAt,
      }),
    );
    expect(issued[0].value).toMatchObject({
      type: 'PartnerCredentialIssued',
      data: { partnerId, keyId: 'k-1', keyHash, signingPublicKey, roles: ['emsp'], partyIds: ['NLEVB'] },
    });
    const revoked = toIntegrationMessages(
      recorded(partnerStream, 'PartnerCredentialRevoked', { partnerId, keyId: 'k-1', revokedAt: recordedAt }),
    );
    expect(revoked[0].value).toMatchObject({ type: 'PartnerCredentialRevoked', data: { partnerId, keyId: 'k-1' } });
  });

  it('publishes no signing public key for a credential issued before signing keys (it cannot sign Kafka messages)', () => {
    const [issued] = toIntegrationMessages(
      recorded(partnerStream, 'PartnerCredentialIssued', {
        partnerId,
        keyId: 'k-0',
        keyHash: 'b'.repeat(64),
        roles: ['cpo'],
        partyIds: ['DEABC'],
        issuedAt: recordedAt,
      }),
    );
    expect(issued.value).toMatchObject({ type: 'PartnerCredentialIssued', data: { keyId: 'k-0' } });
    expect(issued.value).not.toHaveProperty('data.signingPublicKey');
  });

  it('maps an offer and an acceptance to RoamingAgreementStatusChanged offered / active', () => {
    const facts = {
      agreementId: 'a-1',
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      validFrom: '2026-04-01T00:00:00.000Z',
      validUntil: null,
    };
    const offered = toIntegrationMessages(
      recorded('agreement-a-1', 'RoamingAgreementOffered', { ...facts, offeredAt: recordedAt }),
    );
    const accepted = toIntegrationMessages(
      recorded('agreement-a-1', 'RoamingAgreementAccepted', { ...facts, tariffId: 'NEG-1', acceptedAt: recordedAt }),
    );
    // An offer recorded before negotiated tariffs existed has no tariffId: published as null.
    expect(offered[0].value).toMatchObject({
      type: 'RoamingAgreementStatusChanged',
      data: { ...facts, status: 'offered', lifecycleStatus: 'offered', tariffId: null, timeoutPolicy: 'deny' },
    });
    expect(accepted[0].value).toMatchObject({
      type: 'RoamingAgreementStatusChanged',
      data: { ...facts, status: 'active', lifecycleStatus: 'active', tariffId: 'NEG-1' },
    });
  });

  it('publishes every later status change with the four statuses consumers know (GeM 931, 1469, UC 1513)', () => {
    const terms = {
      agreementId: 'a-1',
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      validFrom: '2026-04-01T00:00:00.000Z',
      validUntil: '2027-04-01T00:00:00.000Z',
      tariffId: null,
    };
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['RoamingAgreementDeclined', { reason: null, declinedAt: recordedAt }, 'terminated', 'declined'],
      [
        'RoamingAgreementSuspended',
        { suspendedBy: 'emsp', reason: null, suspendedAt: recordedAt },
        'suspended',
        'suspended',
      ],
      ['RoamingAgreementResumed', { resumedBy: 'emsp', resumedAt: recordedAt }, 'active', 'active'],
      [
        'RoamingAgreementChanged',
        { requestId: 'r', kind: 'change', status: 'suspended', changedAt: recordedAt },
        'suspended',
        'suspended',
      ],
      ['RoamingAgreementTerminated', { requestId: 'r', terminatedAt: recordedAt }, 'terminated', 'terminated'],
      [
        'RoamingAgreementDeactivated',
        { deactivatedBy: 'operator', previousStatus: 'active', reason: null, deactivatedAt: recordedAt },
        'terminated',
        'deactivated',
      ],
    ];
    for (const [type, data, status, lifecycleStatus] of cases) {
      const [message] = toIntegrationMessages(recorded('agreement-a-1', type, { ...terms, ...data }));
      expect(message.value).toEqual({
        type: 'RoamingAgreementStatusChanged',
        schemaVersion: 1,
        occurredAt: recordedAt,
        data: { ...terms, status, lifecycleStatus, timeoutPolicy: 'deny' },
      });
    }
  });

  it('publishes nothing for a pending request, its withdrawal or its refusal', () => {
    for (const type of [
      'RoamingAgreementRequestMade',
      'RoamingAgreementRequestWithdrawn',
      'RoamingAgreementRequestDeclined',
    ]) {
      expect(toIntegrationMessages(recorded('agreement-a-1', type, { agreementId: 'a-1', requestId: 'r' }))).toEqual(
        [],
      );
    }
  });

  it('maps a contract registration to one TokenStatusChanged per token, with distinct message ids (UC4-2)', () => {
    const messages = toIntegrationMessages(
      recorded('evContract-NLEVBC00000001I', 'EvContractRegistered', {
        emaid: 'NLEVBC00000001I',
        emspPartyId: 'NLEVB',
        tokens: [
          { uid: '04A2B3C4', type: 'RFID' },
          { uid: 'app-1', type: 'APP' },
        ],
        validUntil: null,
        registeredAt: recordedAt,
      }),
    );
    expect(messages.map((m) => m.value)).toEqual([
      expect.objectContaining({
        type: 'TokenStatusChanged',
        data: {
          emaid: 'NLEVBC00000001I',
          emspPartyId: 'NLEVB',
          tokenUid: '04A2B3C4',
          tokenType: 'RFID',
          status: 'active',
          validUntil: null,
          allowedServices: null,
          allowOffline: true,
        },
      }),
      expect.objectContaining({ data: expect.objectContaining({ tokenUid: 'app-1', tokenType: 'APP' }) }),
    ]);
    expect(new Set(messages.map((m) => m.headers[HEADER.messageId])).size).toBe(2);
    expect(messages.every((m) => m.key === 'evContract-NLEVBC00000001I')).toBe(true);
  });

  it('maps block and unblock to TokenStatusChanged blocked / active', () => {
    const facts = {
      emaid: 'NLEVBC00000001I',
      emspPartyId: 'NLEVB',
      uid: '04A2B3C4',
      tokenType: 'RFID',
      validUntil: null,
    };
    const blocked = toIntegrationMessages(
      recorded('evContract-x', 'TokenBlocked', { ...facts, blockedAt: recordedAt }),
    );
    const unblocked = toIntegrationMessages(
      recorded('evContract-x', 'TokenUnblocked', { ...facts, unblockedAt: recordedAt }),
    );
    expect(blocked[0].value).toMatchObject({ data: { tokenUid: '04A2B3C4', status: 'blocked' } });
    expect(unblocked[0].value).toMatchObject({ data: { tokenUid: '04A2B3C4', status: 'active' } });
  });

  it('maps a contract batch to one message per token, each keyed by its contract stream (per-contract order)', () => {
    const contract = (emaid: string, status: string, uid: string) => ({
      emaid,
      emspPartyId: 'NLEVB',
      status,
      validUntil: '2030-01-01T00:00:00.000Z',
      allowedServices: ['CHARGING'],
      allowOffline: false,
      tokens: [{ uid, type: 'RFID', status: 'active', contractCertificateId: null }],
    });
    const messages = toIntegrationMessages(
      recorded('contractBatch-NLEVB+b-1', 'EvContractBatchApplied', {
        batchId: 'b-1',
        emspPartyId: 'NLEVB',
        source: 'rest',
        received: 3,
        contracts: [
          { change: 'registered', contract: contract('NLEVBC00000001I', 'active', '04000001') },
          { change: 'replaced', contract: contract('NLEVBC00000002O', 'stolen', '04000002') },
        ],
        appliedAt: recordedAt,
      }),
    );
    expect(messages.map((m) => [m.key, (m.value as { data: { status: string } }).data.status])).toEqual([
      ['evContract-NLEVBC00000001I', 'active'],
      ['evContract-NLEVBC00000002O', 'stolen'],
    ]);
    expect(messages[0].value).toMatchObject({
      type: 'TokenStatusChanged',
      data: { tokenUid: '04000001', allowedServices: ['CHARGING'], allowOffline: false },
    });
    expect(new Set(messages.map((m) => m.headers[HEADER.messageId])).size).toBe(2);
  });

  it("publishes a token's status as the contract's when the contract is blocked, stolen or deactivated", () => {
    const record = {
      emaid: 'NLEVBC00000001I',
      emspPartyId: 'NLEVB',
      status: 'deactivated',
      validUntil: null,
      allowedServices: null,
      allowOffline: true,
      tokens: [
        { uid: '04000001', type: 'RFID', status: 'active', contractCertificateId: null },
        { uid: 'app-1', type: 'APP', status: 'stolen', contractCertificateId: null },
      ],
    };
    const messages = toIntegrationMessages(
      recorded('evContract-NLEVBC00000001I', 'EvContractStatusChanged', {
        contract: record,
        previousStatus: 'active',
        changedAt: recordedAt,
      }),
    );
    expect(messages.map((m) => (m.value as { data: { status: string } }).data.status)).toEqual([
      'deactivated',
      'deactivated',
    ]);
    const unblockedInBlockedContract = toIntegrationMessages(
      recorded('evContract-x', 'TokenUnblocked', {
        emaid: 'NLEVBC00000001I',
        emspPartyId: 'NLEVB',
        uid: '04000001',
        tokenType: 'RFID',
        validUntil: null,
        unblockedAt: recordedAt,
        contractStatus: 'blocked',
      }),
    );
    expect(unblockedInBlockedContract[0].value).toMatchObject({ data: { status: 'blocked' } });
  });

  it('gives the same message id when the same event is mapped again (forwarder redelivery)', () => {
    const event = recorded(partnerStream, 'PartnerReactivated', { partnerId, reactivatedAt: recordedAt });
    expect(toIntegrationMessages(event)[0].headers[HEADER.messageId]).toBe(
      toIntegrationMessages(event)[0].headers[HEADER.messageId],
    );
  });

  it('publishes nothing for claim streams and unknown event types', () => {
    expect(toIntegrationMessages(recorded('partyClaim-DEABC', 'PartyIdClaimed', { partyId: 'DEABC' }))).toEqual([]);
    expect(toIntegrationMessages(recorded('partyAgreements-DEABC', 'PartyAgreementOpened', {}))).toEqual([]);
    expect(toIntegrationMessages(recorded('agreementPair-DEABC+NLEVB', 'AgreementPeriodReserved', {}))).toEqual([]);
  });
});
