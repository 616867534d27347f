import type { RecordedEvent } from '@roaming/event-store';
import { authorizationRow } from './authorizations.projector';

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
  metadata: { recordedAt: '2026-03-01T10:00:00.100Z', messageId: 'm-1', actor: 'cpo-1' },
  messageId: 'm-1',
  schemaVersion: 1,
  streamName: 'authorization-a-1',
  category: 'authorization',
  streamPosition: 1,
  globalPosition: '42',
  transactionId: '900',
  recordedAt: '2026-03-01T10:00:00.100Z',
  hash: 'h',
});

describe('authorizations read model row (IEC 63119-2 UC3-1 decisions, GeM 1599 failed attempts visible)', () => {
  it('shows a grant as ACCEPTED with contract, provider and agreement', () => {
    expect(
      authorizationRow(
        recorded('AuthorizationGranted', {
          ...request,
          emaid: 'DE8AACA2B3C4D5L',
          emspPartyId: 'DE8AA',
          agreementId: 'ag-1',
        }),
      ),
    ).toEqual({
      ...request,
      status: 'ACCEPTED',
      reason: null,
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      agreementId: 'ag-1',
      allowedServices: null,
      tariffId: null,
      decidedBy: 'hub',
      method: 'LOCAL',
      requestedBy: 'cpo-1',
      decidedAt: '2026-03-01T10:00:00.100Z',
      globalPosition: '42',
    });
  });

  it('shows the terms of a grant and who decided it (GeM 981, IEC 63119-2 UC4-1)', () => {
    const row = authorizationRow(
      recorded('AuthorizationGranted', {
        ...request,
        emaid: 'DE8AACA2B3C4D5L',
        emspPartyId: 'DE8AA',
        agreementId: 'ag-1',
        allowedServices: ['CHARGING', 'RESERVATION'],
        tariffId: 't-7',
        decidedBy: 'emsp',
        method: 'REMOTE',
      }),
    );
    expect(row).toMatchObject({
      allowedServices: ['CHARGING', 'RESERVATION'],
      tariffId: 't-7',
      decidedBy: 'emsp',
      method: 'REMOTE',
    });
  });

  it('shows a denial as DENIED with its reason and no contract', () => {
    expect(
      authorizationRow(recorded('AuthorizationDenied', { ...request, reason: 'UNKNOWN_TOKEN', emspPartyId: null })),
    ).toMatchObject({ status: 'DENIED', reason: 'UNKNOWN_TOKEN', emaid: null, emspPartyId: null, agreementId: null });
  });

  it('ignores events it does not show', () => {
    expect(authorizationRow(recorded('AuthorizationRequested', request))).toBeUndefined();
  });
});
