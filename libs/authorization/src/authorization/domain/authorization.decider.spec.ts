import { deciderSpec } from '@roaming/testing';
import { fold } from '@roaming/shared-kernel';
import type { AuthorizeToken } from './authorization.commands';
import { authorizationDecider } from './authorization.decider';
import type { AuthorizationDenialReason, AuthorizationEvent } from './authorization.events';
import type { AgreementFacts, AuthorizationFacts, TokenFacts } from './authorization.facts';

const AUTHORIZATION_ID = '4d0f7c1e-0000-4000-8000-000000000001';
const REQUESTED_AT = '2026-03-01T10:00:00.000Z';

const aToken = (overrides: Partial<TokenFacts> = {}): TokenFacts => ({
  tokenUid: '04A2B3C4D5E6F7',
  tokenType: 'RFID',
  emaid: 'DE8AACA2B3C4D5L',
  emspPartyId: 'DE8AA',
  status: 'active',
  validUntil: null,
  ...overrides,
});

const anAgreement = (overrides: Partial<AgreementFacts> = {}): AgreementFacts => ({
  agreementId: 'agreement-1',
  cpoPartyId: 'DEABC',
  emspPartyId: 'DE8AA',
  status: 'active',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: null,
  ...overrides,
});

const facts = (overrides: Partial<AuthorizationFacts> = {}): AuthorizationFacts => ({
  token: aToken(),
  agreements: [anAgreement()],
  providerStatus: 'active',
  ...overrides,
});

const authorize = (
  f: AuthorizationFacts = facts(),
  overrides: Partial<AuthorizeToken['data']> = {},
): AuthorizeToken => ({
  type: 'AuthorizeToken',
  data: {
    authorizationId: AUTHORIZATION_ID,
    evseId: 'DE*ABC*E123456*1',
    cpoPartyId: 'DEABC',
    token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
    requestedAt: REQUESTED_AT,
    facts: f,
    ...overrides,
  },
});

const request = {
  authorizationId: AUTHORIZATION_ID,
  evseId: 'DE*ABC*E123456*1',
  cpoPartyId: 'DEABC',
  tokenUid: '04A2B3C4D5E6F7',
  tokenType: 'RFID' as const,
  requestedAt: REQUESTED_AT,
};

const spec = deciderSpec(authorizationDecider);

const deniedFor =
  (f: AuthorizationFacts, emspPartyId: string | null = 'DE8AA') =>
  (reason: AuthorizationDenialReason): void => {
    spec.when(authorize(f)).then([{ type: 'AuthorizationDenied', data: { ...request, reason, emspPartyId } }]);
  };

/** The events a command on a new stream produces, for assertions on a part of them. */
const decided = (command: AuthorizeToken): AuthorizationEvent[] =>
  authorizationDecider.decide(command, authorizationDecider.initialState());

const granted = (agreementId = 'agreement-1'): AuthorizationEvent => ({
  type: 'AuthorizationGranted',
  data: { ...request, emaid: 'DE8AACA2B3C4D5L', emspPartyId: 'DE8AA', agreementId },
});

describe('authorization decider', () => {
  describe('IEC 63119-2 UC3-1 / UC4-1: a CPO asks the hub about a token presented at its EVSE', () => {
    it('grants a known active token of a provider with an active agreement (GeM 981, eMI3 UCE AA 2.4.2)', () => {
      spec.when(authorize()).then([granted()]);
    });

    it('grants Plug & Charge (IEC 63119-2 UC3-3) and app tokens the same way', () => {
      for (const type of ['PLUG_AND_CHARGE', 'APP'] as const) {
        const token = aToken({ tokenUid: 'DE8AACA2B3C4D5L', tokenType: type });
        const [event] = decided(authorize(facts({ token }), { token: { uid: 'DE8AACA2B3C4D5L', type } }));
        expect(event).toMatchObject({
          type: 'AuthorizationGranted',
          data: { tokenType: type, tokenUid: 'DE8AACA2B3C4D5L' },
        });
      }
    });

    it('grants although the provider partner record has not arrived yet (streams arrive in any order)', () => {
      spec.when(authorize(facts({ providerStatus: 'unknown' }))).then([granted()]);
    });

    it('picks the agreement that covers the request among several', () => {
      const agreements = [
        anAgreement({ agreementId: 'old', status: 'terminated' }),
        anAgreement({ agreementId: 'other-cpo', cpoPartyId: 'DEXYZ' }),
        anAgreement({ agreementId: 'current' }),
      ];
      spec.when(authorize(facts({ agreements }))).then([granted('current')]);
    });

    it('grants while the token validUntil is still ahead of requestedAt', () => {
      spec.when(authorize(facts({ token: aToken({ validUntil: '2026-03-01T10:00:00.001Z' }) }))).then([granted()]);
    });
  });

  describe('refusals are events (GeM UC 1502 failure outcomes, UC 1513, UC 1516)', () => {
    it('UNKNOWN_TOKEN when the hub has no record of the token (GeM §7 A.2)', () => {
      deniedFor(facts({ token: null, agreements: [] }), null)('UNKNOWN_TOKEN');
    });

    it('TOKEN_BLOCKED when the provider blocked the token (eMI3 UCE AA black list)', () => {
      deniedFor(facts({ token: aToken({ status: 'blocked' }) }))('TOKEN_BLOCKED');
    });

    it('TOKEN_STOLEN when the token is reported stolen', () => {
      deniedFor(facts({ token: aToken({ status: 'stolen' }) }))('TOKEN_STOLEN');
    });

    it('TOKEN_DEACTIVATED when the customer contract was deleted (GeM UC 1516)', () => {
      deniedFor(facts({ token: aToken({ status: 'deactivated' }) }))('TOKEN_DEACTIVATED');
    });

    it('TOKEN_EXPIRED when the registry marked the token expired', () => {
      deniedFor(facts({ token: aToken({ status: 'expired' }) }))('TOKEN_EXPIRED');
    });

    it('TOKEN_EXPIRED when validUntil has passed at requestedAt although the status still says active', () => {
      deniedFor(facts({ token: aToken({ validUntil: '2026-03-01T09:59:59.999Z' }) }))('TOKEN_EXPIRED');
      deniedFor(facts({ token: aToken({ validUntil: REQUESTED_AT }) }))('TOKEN_EXPIRED');
    });

    it('NO_ROAMING_AGREEMENT when no agreement joins the two parties (GeM §7 A.3)', () => {
      deniedFor(facts({ agreements: [] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ cpoPartyId: 'DEXYZ' })] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ emspPartyId: 'NLXYZ' })] }))('NO_ROAMING_AGREEMENT');
    });

    it('NO_ROAMING_AGREEMENT when the agreement is offered, suspended or terminated (GeM UC 1513)', () => {
      for (const status of ['offered', 'suspended', 'terminated'] as const) {
        deniedFor(facts({ agreements: [anAgreement({ status })] }))('NO_ROAMING_AGREEMENT');
      }
    });

    it('NO_ROAMING_AGREEMENT when the agreement is not in force at requestedAt', () => {
      const notYet = anAgreement({ validFrom: '2026-03-01T10:00:00.001Z' });
      deniedFor(facts({ agreements: [notYet] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ validUntil: REQUESTED_AT })] }))('NO_ROAMING_AGREEMENT');
    });

    it('PROVIDER_SUSPENDED when the token provider is suspended or deactivated as a partner', () => {
      deniedFor(facts({ providerStatus: 'suspended' }))('PROVIDER_SUSPENDED');
      deniedFor(facts({ providerStatus: 'deactivated' }))('PROVIDER_SUSPENDED');
    });

    it('checks the agreement before the token, so an operator without one learns nothing about the card', () => {
      deniedFor(facts({ agreements: [], token: aToken({ status: 'stolen' }) }))('NO_ROAMING_AGREEMENT');
    });

    it('checks the provider before the agreement', () => {
      deniedFor(facts({ agreements: [], providerStatus: 'suspended' }))('PROVIDER_SUSPENDED');
    });
  });

  describe('one decision per authorization id', () => {
    it('a retried identical request changes nothing, even later and with other facts', () => {
      const retry = authorize(facts({ token: aToken({ status: 'blocked' }) }), { requestedAt: '2026-03-01T10:05:00Z' });
      const state = spec.given([granted()]).when(retry).thenNothing();
      expect(state).toMatchObject({ status: 'granted', agreementId: 'agreement-1' });
    });

    it('a different request on the same id is refused with AUTHORIZATION_EXISTS', () => {
      spec
        .given([granted()])
        .when(authorize(facts(), { evseId: 'DE*ABC*E123456*2' }))
        .thenThrows('AUTHORIZATION_EXISTS', 'conflict');
    });

    it('a different token on the same id is refused too, also after a denial', () => {
      const denied: AuthorizationEvent = {
        type: 'AuthorizationDenied',
        data: { ...request, reason: 'UNKNOWN_TOKEN', emspPartyId: null },
      };
      spec
        .given([denied])
        .when(authorize(facts(), { token: { uid: '04A2B3C4D5E6F8', type: 'RFID' } }))
        .thenThrows('AUTHORIZATION_EXISTS', 'conflict');
    });

    it('evolves to the recorded outcome', () => {
      expect(fold(authorizationDecider, [granted()])).toMatchObject({ status: 'granted', agreementId: 'agreement-1' });
    });
  });
});
