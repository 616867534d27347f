import { deciderSpec } from '@roaming/testing';
import type { EvContractRecord } from './contract-record';
import type { EvContractCommand, RegisterEvContract, StoreEvContract } from './ev-contract.commands';
import { evContractDecider } from './ev-contract.decider';
import type { EvContractEvent } from './ev-contract.events';

const emaid = 'NLEVBC00000001I';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const validUntil = '2028-01-01T00:00:00.000Z';
const noClaims: ReadonlyMap<string, string> = new Map();

const submission = (overrides: Record<string, unknown> = {}) => ({
  emaid,
  tokens: [
    { uid: '04:a2:b3:c4', type: 'RFID' },
    { uid: 'app-user.42', type: 'APP' },
    { uid: 'nl-evb-c00000001-i', type: 'PLUG_AND_CHARGE', contractCertificateId: 'CERT-0042' },
  ],
  validUntil,
  ...overrides,
});
const register = (overrides: Record<string, unknown> = {}, uidOwners = noClaims): RegisterEvContract => ({
  type: 'RegisterEvContract',
  data: { submission: submission(overrides), emspPartyId: 'NLEVB', uidOwners, at },
});
const store = (overrides: Record<string, unknown> = {}, uidOwners = noClaims): StoreEvContract => ({
  type: 'StoreEvContract',
  data: { submission: submission(overrides), emspPartyId: 'NLEVB', uidOwners, at: later },
});

const record: EvContractRecord = {
  emaid,
  emspPartyId: 'NLEVB',
  status: 'active',
  validUntil,
  allowedServices: null,
  allowOffline: true,
  tokens: [
    { uid: '04A2B3C4', type: 'RFID', status: 'active', contractCertificateId: null },
    { uid: 'app-user.42', type: 'APP', status: 'active', contractCertificateId: null },
    { uid: emaid, type: 'PLUG_AND_CHARGE', status: 'active', contractCertificateId: 'CERT-0042' },
  ],
};
const registered: EvContractEvent = {
  type: 'EvContractRegistered',
  data: {
    emaid,
    emspPartyId: 'NLEVB',
    tokens: record.tokens,
    validUntil,
    registeredAt: at,
    status: 'active',
    allowedServices: null,
    allowOffline: true,
  },
};
/** A contract registered before statuses, services and certificates existed. */
const legacyRegistered: EvContractEvent = {
  type: 'EvContractRegistered',
  data: {
    emaid,
    emspPartyId: 'NLEVB',
    tokens: [
      { uid: '04A2B3C4', type: 'RFID' },
      { uid: 'app-user.42', type: 'APP' },
    ],
    validUntil,
    registeredAt: at,
  },
};
const tokenFacts = {
  emaid,
  emspPartyId: 'NLEVB',
  uid: '04A2B3C4',
  tokenType: 'RFID' as const,
  validUntil,
  contractStatus: 'active' as const,
  allowedServices: null,
  allowOffline: true,
};
const blocked: EvContractEvent = { type: 'TokenBlocked', data: { ...tokenFacts, blockedAt: later } };
const block = (uid: string): EvContractCommand => ({ type: 'BlockToken', data: { emaid, uid, at: later } });
const unblock = (uid: string): EvContractCommand => ({ type: 'UnblockToken', data: { emaid, uid, at: later } });
const setToken = (uid: string, status: 'active' | 'stolen' | 'deactivated' | 'blocked'): EvContractCommand => ({
  type: 'ChangeTokenStatus',
  data: { emaid, uid, status, at: later },
});

const spec = () => deciderSpec(evContractDecider);

describe('EV contract decider', () => {
  describe('RegisterEvContract (GeM UC 1514, FTR 983; IEC 63119 UC4-2 pre-distributed identification data)', () => {
    it('registers the contract with normalised token uids, all active, every service, offline allowed', () => {
      const state = spec().when(register()).then([registered]);
      expect(state).toMatchObject({ status: 'active', tokens: [{ status: 'active' }, { status: 'active' }, {}] });
    });

    it('records status, allowed services, the offline flag and token statuses as sent', () => {
      spec()
        .when(
          register({
            status: 'blocked',
            allowedServices: ['RESERVATION', 'CHARGING'],
            allowOffline: false,
            validUntil: null,
            tokens: [{ uid: '04A2B3C4', type: 'RFID', status: 'stolen' }],
          }),
        )
        .then([
          {
            type: 'EvContractRegistered',
            data: {
              emaid,
              emspPartyId: 'NLEVB',
              tokens: [{ uid: '04A2B3C4', type: 'RFID', status: 'stolen', contractCertificateId: null }],
              validUntil: null,
              registeredAt: at,
              status: 'blocked',
              allowedServices: ['CHARGING', 'RESERVATION'],
              allowOffline: false,
            },
          },
        ]);
    });

    it('refuses a contract whose EMAID was issued by another EVSP (GeM 1291: the EVSP is identified by the contract id)', () => {
      spec()
        .when({ ...register(), data: { ...register().data, emspPartyId: 'DEABC' } })
        .thenThrows('CONTRACT_PROVIDER_MISMATCH', 'validation');
    });

    it('refuses a malformed EMAID and a wrong check digit', () => {
      spec()
        .when(register({ emaid: 'NL-EVB-1' }))
        .thenThrows('EMAID_INVALID', 'validation');
      spec()
        .when(register({ emaid: 'NLEVBC00000001X' }))
        .thenThrows('EMAID_CHECK_DIGIT', 'validation');
    });

    it('refuses no tokens, an unknown token type, a malformed RFID uid and an unknown field', () => {
      spec()
        .when(register({ tokens: [] }))
        .thenThrows('CONTRACT_TOKENS_INVALID', 'validation');
      spec()
        .when(register({ tokens: [{ uid: '04A2B3C4', type: 'MAGSTRIPE' }] }))
        .thenThrows('TOKEN_TYPE_INVALID', 'validation');
      const error = spec()
        .when(register({ tokens: [{ uid: 'XYZ', type: 'RFID' }] }))
        .thenThrows('TOKEN_UID_INVALID', 'validation');
      expect(error.details).toMatchObject({ field: 'tokens.0.uid' });
      const unknown = spec()
        .when(register({ holder: 'Jane Doe' }))
        .thenThrows('REQUEST_INVALID', 'validation');
      expect(unknown.details).toEqual({ field: 'holder', rule: 'known-field' });
    });

    it('refuses unknown statuses and services, and a service listed twice', () => {
      spec()
        .when(register({ status: 'lost' }))
        .thenThrows('CONTRACT_STATUS_INVALID');
      spec()
        .when(register({ tokens: [{ uid: '04A2B3C4', type: 'RFID', status: 'lost' }] }))
        .thenThrows('TOKEN_STATUS_INVALID');
      spec()
        .when(register({ allowedServices: ['TELEPORT'] }))
        .thenThrows('CONTRACT_SERVICES_INVALID');
      spec()
        .when(register({ allowedServices: ['CHARGING', 'CHARGING'] }))
        .thenThrows('CONTRACT_SERVICES_INVALID');
      spec()
        .when(register({ allowOffline: 'yes' }))
        .thenThrows('CONTRACT_ALLOW_OFFLINE_INVALID');
    });

    it('takes an app or QR code id as is, and refuses one with characters outside the opaque-id alphabet', () => {
      spec()
        .when(register({ tokens: [{ uid: 'has space', type: 'APP' }] }))
        .thenThrows('TOKEN_UID_INVALID', 'validation');
    });

    it("refuses a PLUG_AND_CHARGE token that is not the contract's own EMAID, and a certificate on another type", () => {
      spec()
        .when(register({ tokens: [{ uid: 'NLEVBC00000002O', type: 'PLUG_AND_CHARGE' }] }))
        .thenThrows('TOKEN_UID_INVALID', 'validation');
      const error = spec()
        .when(register({ tokens: [{ uid: '04A2B3C4', type: 'RFID', contractCertificateId: 'CERT' }] }))
        .thenThrows('CONTRACT_CERTIFICATE_INVALID', 'validation');
      expect(error.details).toEqual({ field: 'tokens.0.contractCertificateId', rule: 'plug-and-charge-only' });
    });

    it('refuses the same card listed twice in two spellings', () => {
      spec()
        .when(
          register({
            tokens: [
              { uid: '04A2B3C4', type: 'RFID' },
              { uid: '04 a2 b3 c4', type: 'RFID' },
            ],
          }),
        )
        .thenThrows('TOKEN_UID_DUPLICATE', 'validation');
    });

    it('refuses a uid that already names another contract of the EVSP, without echoing the uid', () => {
      const error = spec()
        .when(register({}, new Map([['04A2B3C4', 'NLEVBC00000002O']])))
        .thenThrows('TOKEN_UID_TAKEN', 'conflict');
      expect(error.details).toEqual({ field: 'tokens.0.uid', rule: 'unique-per-emsp' });
      expect(error.message).not.toContain('04A2B3C4');
    });

    it('refuses a validity that ends before now and a malformed one', () => {
      spec()
        .when(register({ validUntil: '2026-03-01T09:00:00Z' }))
        .thenThrows('CONTRACT_VALIDITY_INVALID');
      spec()
        .when(register({ validUntil: 'tomorrow' }))
        .thenThrows('CONTRACT_VALIDITY_INVALID');
    });

    it('changes nothing when the identical contract is registered again, tokens in any order', () => {
      const tokens = [...submission().tokens].reverse();
      spec()
        .given([registered])
        .when(register({ tokens }, new Map([['04A2B3C4', emaid]])))
        .thenNothing();
    });

    it('refuses a different contract under an existing EMAID (PUT changes it)', () => {
      spec()
        .given([registered])
        .when(register({ tokens: [{ uid: '04A2B3C4', type: 'RFID' }] }))
        .thenThrows('CONTRACT_EXISTS', 'conflict');
      spec()
        .given([registered])
        .when(register({ validUntil: null }))
        .thenThrows('CONTRACT_EXISTS', 'conflict');
    });
  });

  describe('StoreEvContract (PUT: GeM UC 1514 create, UC 1515 change)', () => {
    it('registers a new contract', () => {
      spec()
        .when(store())
        .then([{ ...registered, data: { ...registered.data, registeredAt: later } } as EvContractEvent]);
    });

    it('replaces an existing one; a token no longer listed stays, deactivated', () => {
      const state = spec()
        .given([registered])
        .when(store({ status: 'blocked', tokens: [{ uid: '04A2B3C4', type: 'RFID' }] }))
        .then([
          {
            type: 'EvContractReplaced',
            data: {
              contract: {
                ...record,
                status: 'blocked',
                tokens: [
                  record.tokens[0],
                  { ...record.tokens[1], status: 'deactivated' },
                  { ...record.tokens[2], status: 'deactivated' },
                ],
              },
              replacedAt: later,
            },
          },
        ]);
      expect(state).toMatchObject({ status: 'blocked', registeredAt: at });
    });

    it('accepts an end of validity in the past for a known contract (the EVSP syncs an expired contract)', () => {
      spec()
        .given([registered])
        .when(store({ validUntil: '2026-01-01T00:00:00Z' }))
        .then([
          {
            type: 'EvContractReplaced',
            data: { contract: { ...record, validUntil: '2026-01-01T00:00:00.000Z' }, replacedAt: later },
          },
        ]);
    });

    it('changes nothing for the same record; refuses a token changing its type', () => {
      spec().given([registered]).when(store()).thenNothing();
      spec()
        .given([registered])
        .when(store({ tokens: [{ uid: '04A2B3C4', type: 'APP' }] }))
        .thenThrows('TOKEN_TYPE_CHANGED', 'conflict');
    });

    it('reads a contract registered before statuses existed as active, every service, offline allowed', () => {
      spec()
        .given([legacyRegistered])
        .when(
          store({
            tokens: [
              { uid: '04A2B3C4', type: 'RFID' },
              { uid: 'app-user.42', type: 'APP' },
            ],
          }),
        )
        .thenNothing();
    });
  });

  describe('ChangeContractStatus (GeM UC 1502 blocked/stolen, UC 1516 deactivate instead of delete)', () => {
    const change = (status: 'active' | 'blocked' | 'stolen' | 'deactivated'): EvContractCommand => ({
      type: 'ChangeContractStatus',
      data: { emaid, status, at: later },
    });

    it('deactivates the whole contract, keeping its tokens', () => {
      spec()
        .given([registered])
        .when(change('deactivated'))
        .then([
          {
            type: 'EvContractStatusChanged',
            data: { contract: { ...record, status: 'deactivated' }, previousStatus: 'active', changedAt: later },
          },
        ]);
    });

    it('changes nothing for the same status; refuses an unknown contract', () => {
      spec().given([registered]).when(change('active')).thenNothing();
      spec().when(change('stolen')).thenThrows('CONTRACT_NOT_FOUND', 'notFound');
    });
  });

  describe('BlockToken / UnblockToken / ChangeTokenStatus (GeM UC 1502: "contract has been blocked")', () => {
    it('blocks an active token found by any spelling of its uid', () => {
      const state = spec().given([registered]).when(block('04:A2:B3:C4')).then([blocked]);
      expect(state).toMatchObject({ tokens: [{ uid: '04A2B3C4', status: 'blocked' }, { status: 'active' }, {}] });
    });

    it('changes nothing when blocking a blocked token or unblocking an active one', () => {
      spec().given([registered, blocked]).when(block('04A2B3C4')).thenNothing();
      spec().given([registered]).when(unblock('04A2B3C4')).thenNothing();
    });

    it('unblocks a blocked token, also one blocked before contract statuses existed', () => {
      spec()
        .given([registered, blocked])
        .when(unblock('04A2B3C4'))
        .then([{ type: 'TokenUnblocked', data: { ...tokenFacts, unblockedAt: later } }]);
      const legacyBlock: EvContractEvent = {
        type: 'TokenBlocked',
        data: { emaid, emspPartyId: 'NLEVB', uid: '04A2B3C4', tokenType: 'RFID', validUntil, blockedAt: at },
      };
      spec()
        .given([legacyRegistered, legacyBlock])
        .when(unblock('04A2B3C4'))
        .then([{ type: 'TokenUnblocked', data: { ...tokenFacts, unblockedAt: later } }]);
    });

    it('reports a token stolen, and refuses to block or unblock a stolen token', () => {
      const stolen = spec()
        .given([registered])
        .when(setToken('04A2B3C4', 'stolen'))
        .then([
          {
            type: 'ContractTokenStatusChanged',
            data: {
              contract: { ...record, tokens: [{ ...record.tokens[0], status: 'stolen' }, ...record.tokens.slice(1)] },
              uid: '04A2B3C4',
              previousStatus: 'active',
              changedAt: later,
            },
          },
        ]);
      expect(stolen).toMatchObject({ tokens: [{ status: 'stolen' }, {}, {}] });
      const history = [
        registered,
        {
          type: 'ContractTokenStatusChanged',
          data: {
            contract: { ...record, tokens: [{ ...record.tokens[0], status: 'stolen' }, ...record.tokens.slice(1)] },
            uid: '04A2B3C4',
            previousStatus: 'active',
            changedAt: later,
          },
        } as EvContractEvent,
      ];
      spec().given(history).when(block('04A2B3C4')).thenThrows('TOKEN_STATUS_CONFLICT', 'illegalState');
      spec().given(history).when(unblock('04A2B3C4')).thenThrows('TOKEN_STATUS_CONFLICT', 'illegalState');
      spec().given(history).when(setToken('04A2B3C4', 'stolen')).thenNothing();
    });

    it('refuses an unknown token and an unknown contract', () => {
      spec().given([registered]).when(block('DEADBEEF')).thenThrows('TOKEN_NOT_FOUND', 'notFound');
      spec().given([registered]).when(setToken('not hex', 'stolen')).thenThrows('TOKEN_NOT_FOUND', 'notFound');
      spec().when(block('04A2B3C4')).thenThrows('CONTRACT_NOT_FOUND', 'notFound');
      spec().when(unblock('04A2B3C4')).thenThrows('CONTRACT_NOT_FOUND', 'notFound');
    });
  });
});
