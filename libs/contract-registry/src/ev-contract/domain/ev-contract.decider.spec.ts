import { deciderSpec } from '@roaming/testing';
import type { RegisterEvContract } from './ev-contract.commands';
import { evContractDecider } from './ev-contract.decider';
import type { EvContractEvent } from './ev-contract.events';

const emaid = 'NLEVBC00000001I';
const at = '2026-03-01T10:00:00.000Z';
const validUntil = '2028-01-01T00:00:00.000Z';

const register = (overrides: Partial<RegisterEvContract['data']> = {}): RegisterEvContract => ({
  type: 'RegisterEvContract',
  data: {
    emaid,
    emspPartyId: 'NLEVB',
    tokens: [
      { uid: '04:a2:b3:c4', type: 'RFID' },
      { uid: 'app-user.42', type: 'APP' },
      { uid: 'nl-evb-c00000001-i', type: 'PLUG_AND_CHARGE' },
    ],
    validUntil,
    at,
    ...overrides,
  },
});
const registered: EvContractEvent = {
  type: 'EvContractRegistered',
  data: {
    emaid,
    emspPartyId: 'NLEVB',
    tokens: [
      { uid: '04A2B3C4', type: 'RFID' },
      { uid: 'app-user.42', type: 'APP' },
      { uid: emaid, type: 'PLUG_AND_CHARGE' },
    ],
    validUntil,
    registeredAt: at,
  },
};
const later = '2026-03-02T10:00:00.000Z';
const tokenFacts = { emaid, emspPartyId: 'NLEVB', uid: '04A2B3C4', tokenType: 'RFID' as const, validUntil };
const blocked: EvContractEvent = { type: 'TokenBlocked', data: { ...tokenFacts, blockedAt: later } };
const unblocked: EvContractEvent = { type: 'TokenUnblocked', data: { ...tokenFacts, unblockedAt: later } };
const block = (uid: string) => ({ type: 'BlockToken', data: { emaid, uid, at: later } }) as const;
const unblock = (uid: string) => ({ type: 'UnblockToken', data: { emaid, uid, at: later } }) as const;

const spec = () => deciderSpec(evContractDecider);

describe('EV contract decider', () => {
  describe('RegisterEvContract (GeM UC 1514, FTR 983; IEC 63119 UC4-2 pre-distributed identification data)', () => {
    it('registers the contract with normalised token uids, all active', () => {
      const state = spec().when(register()).then([registered]);
      expect(state).toMatchObject({ tokens: [{ status: 'active' }, { status: 'active' }, { status: 'active' }] });
    });

    it('registers an open-ended contract', () => {
      spec()
        .when(register({ validUntil: null, tokens: [{ uid: '04A2B3C4', type: 'RFID' }] }))
        .then([
          {
            type: 'EvContractRegistered',
            data: {
              emaid,
              emspPartyId: 'NLEVB',
              tokens: [{ uid: '04A2B3C4', type: 'RFID' }],
              validUntil: null,
              registeredAt: at,
            },
          },
        ]);
    });

    it('refuses a contract whose EMAID was issued by another EVSP (GeM 1291: the EVSP is identified by the contract id)', () => {
      spec()
        .when(register({ emspPartyId: 'DEABC' }))
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

    it('refuses no tokens, an unknown token type and a malformed RFID uid', () => {
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
    });

    it('refuses an APP uid with characters outside the opaque-id alphabet', () => {
      spec()
        .when(register({ tokens: [{ uid: 'has space', type: 'APP' }] }))
        .thenThrows('TOKEN_UID_INVALID', 'validation');
    });

    it("refuses a PLUG_AND_CHARGE token that is not the contract's own EMAID (ISO 15118 contract certificate)", () => {
      spec()
        .when(register({ tokens: [{ uid: 'NLEVBC00000002O', type: 'PLUG_AND_CHARGE' }] }))
        .thenThrows('TOKEN_UID_INVALID', 'validation');
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

    it('refuses a validity that ends before now and a malformed one', () => {
      spec()
        .when(register({ validUntil: '2026-03-01T09:00:00Z' }))
        .thenThrows('CONTRACT_VALIDITY_INVALID');
      spec()
        .when(register({ validUntil: 'tomorrow' }))
        .thenThrows('CONTRACT_VALIDITY_INVALID');
    });

    it('changes nothing when the identical contract is registered again, tokens in any order', () => {
      const tokens = [...register().data.tokens].reverse();
      spec()
        .given([registered])
        .when(register({ tokens, at: later }))
        .thenNothing();
    });

    it('refuses a different contract under an existing EMAID', () => {
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

  describe('BlockToken / UnblockToken (GeM UC 1502: "contract has been blocked")', () => {
    it('blocks an active token found by any spelling of its uid', () => {
      const state = spec().given([registered]).when(block('04:A2:B3:C4')).then([blocked]);
      expect(state).toMatchObject({
        tokens: [{ uid: '04A2B3C4', status: 'blocked' }, { status: 'active' }, { status: 'active' }],
      });
    });

    it('blocks an app token by its exact id', () => {
      spec()
        .given([registered])
        .when(block('app-user.42'))
        .then([
          { type: 'TokenBlocked', data: { ...tokenFacts, uid: 'app-user.42', tokenType: 'APP', blockedAt: later } },
        ]);
    });

    it('changes nothing when blocking a blocked token', () => {
      spec().given([registered, blocked]).when(block('04A2B3C4')).thenNothing();
    });

    it('unblocks a blocked token', () => {
      const state = spec().given([registered, blocked]).when(unblock('04A2B3C4')).then([unblocked]);
      expect(state).toMatchObject({ tokens: [{ status: 'active' }, { status: 'active' }, { status: 'active' }] });
    });

    it('changes nothing when unblocking an active token', () => {
      spec().given([registered]).when(unblock('04A2B3C4')).thenNothing();
    });

    it('refuses an unknown token and an unknown contract', () => {
      spec().given([registered]).when(block('DEADBEEF')).thenThrows('TOKEN_NOT_FOUND', 'notFound');
      spec().given([registered]).when(unblock('not hex')).thenThrows('TOKEN_NOT_FOUND', 'notFound');
      spec().when(block('04A2B3C4')).thenThrows('CONTRACT_NOT_FOUND', 'notFound');
      spec().when(unblock('04A2B3C4')).thenThrows('CONTRACT_NOT_FOUND', 'notFound');
    });
  });
});
