import { deciderSpec } from '@roaming/testing';
import { fold } from '@roaming/shared-kernel';
import type { AuthorizeToken } from './authorization.commands';
import { authorizationDecider } from './authorization.decider';
import { decideAuthorization } from './authorization.decision';
import type { AuthorizationDenialReason, AuthorizationEvent, DecidedBy } from './authorization.events';
import type { AgreementFacts, AuthorizationFacts, ProviderAnswer, TokenFacts } from './authorization.facts';

const AUTHORIZATION_ID = '4d0f7c1e-0000-4000-8000-000000000001';
const REQUESTED_AT = '2026-03-01T10:00:00.000Z';
const EMAID = 'DE8AACA2B3C4D5L';

const aToken = (overrides: Partial<TokenFacts> = {}): TokenFacts => ({
  tokenUid: '04A2B3C4D5E6F7',
  tokenType: 'RFID',
  emaid: EMAID,
  emspPartyId: 'DE8AA',
  status: 'active',
  validUntil: null,
  allowedServices: null,
  allowOffline: false,
  ...overrides,
});

const anAgreement = (overrides: Partial<AgreementFacts> = {}): AgreementFacts => ({
  agreementId: 'agreement-1',
  cpoPartyId: 'DEABC',
  emspPartyId: 'DE8AA',
  status: 'active',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: null,
  tariffId: null,
  timeoutPolicy: 'deny',
  ...overrides,
});

const facts = (overrides: Partial<AuthorizationFacts> = {}): AuthorizationFacts => ({
  callerPartyIds: ['DEABC'],
  token: aToken(),
  emspPartyId: 'DE8AA',
  agreements: [anAgreement()],
  provider: { status: 'active', decidesAtHome: false },
  ...overrides,
});

/** A provider that keeps its contracts at home (GeM 982), with the hub's token record as routing only. */
const atHome = (answer: ProviderAnswer | undefined, overrides: Partial<AuthorizationFacts> = {}) =>
  facts({ provider: { status: 'active', decidesAtHome: true }, providerAnswer: answer, ...overrides });

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
    method: 'LOCAL',
    requestedBy: 'cpo-1',
    channel: { kind: 'http' },
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
  method: 'LOCAL' as const,
  requestedBy: 'cpo-1',
  channel: { kind: 'http' as const },
};

const spec = deciderSpec(authorizationDecider);

const deniedFor =
  (f: AuthorizationFacts, emspPartyId: string | null = 'DE8AA', decidedBy: DecidedBy = 'hub') =>
  (reason: AuthorizationDenialReason): void => {
    spec
      .when(authorize(f))
      .then([{ type: 'AuthorizationDenied', data: { ...request, reason, emspPartyId, decidedBy } }]);
  };

/** The events a command on a new stream produces, for assertions on a part of them. */
const decided = (command: AuthorizeToken): AuthorizationEvent[] =>
  authorizationDecider.decide(command, authorizationDecider.initialState());

const granted = (overrides: Partial<Extract<AuthorizationEvent, { type: 'AuthorizationGranted' }>['data']> = {}) =>
  ({
    type: 'AuthorizationGranted',
    data: {
      ...request,
      emaid: EMAID,
      emspPartyId: 'DE8AA',
      agreementId: 'agreement-1',
      allowedServices: null,
      tariffId: null,
      decidedBy: 'hub',
      ...overrides,
    },
  }) satisfies AuthorizationEvent;

describe('authorization decider', () => {
  describe('IEC 63119-2 UC3-1 / UC4-1: a CPO asks the hub about a token presented at its EVSE (GeM 981/982)', () => {
    it('grants a known active token of a provider with an active agreement, decided by the hub', () => {
      spec.when(authorize()).then([granted()]);
    });

    it('GeM 981: names the services the contract allows and the negotiated tariff of the agreement', () => {
      const f = facts({
        token: aToken({ allowedServices: ['CHARGING', 'RESERVATION'] }),
        agreements: [anAgreement({ tariffId: 'tariff-negotiated-7' })],
      });
      spec
        .when(authorize(f))
        .then([granted({ allowedServices: ['CHARGING', 'RESERVATION'], tariffId: 'tariff-negotiated-7' })]);
    });

    it('grants a requested service the contract allows, and records what was asked', () => {
      const f = facts({ token: aToken({ allowedServices: ['CHARGING', 'DC_CHARGING'] }) });
      const [event] = decided(authorize(f, { service: 'DC_CHARGING' }));
      expect(event).toMatchObject({ type: 'AuthorizationGranted', data: { service: 'DC_CHARGING' } });
    });

    it('grants Plug & Charge (UC3-3), app tokens and typed contract ids (UC3-1 QR) the same way', () => {
      for (const type of ['PLUG_AND_CHARGE', 'APP', 'EMAID'] as const) {
        const token = aToken({ tokenUid: EMAID, tokenType: type });
        const [event] = decided(authorize(facts({ token }), { token: { uid: EMAID, type } }));
        expect(event).toMatchObject({ type: 'AuthorizationGranted', data: { tokenType: type, tokenUid: EMAID } });
      }
    });

    it('grants although the provider partner record has not arrived yet (streams arrive in any order)', () => {
      spec.when(authorize(facts({ provider: { status: 'unknown', decidesAtHome: false } }))).then([granted()]);
    });

    it('picks the agreement that covers the request among several', () => {
      const agreements = [
        anAgreement({ agreementId: 'old', status: 'terminated' }),
        anAgreement({ agreementId: 'other-cpo', cpoPartyId: 'DEXYZ' }),
        anAgreement({ agreementId: 'current', tariffId: 't-2' }),
      ];
      spec.when(authorize(facts({ agreements }))).then([granted({ agreementId: 'current', tariffId: 't-2' })]);
    });

    it('grants while the token validUntil is still ahead of requestedAt', () => {
      spec.when(authorize(facts({ token: aToken({ validUntil: '2026-03-01T10:00:00.001Z' }) }))).then([granted()]);
    });
  });

  describe('refusals are events with a reason code (GeM UC 1502 failure outcomes, UC 1513, UC 1516, GeM 967)', () => {
    it('EVSE_NOT_OWNED when the caller does not operate the EVSE, learning nothing about the token', () => {
      deniedFor(facts({ callerPartyIds: ['NLEVB'] }), null)('EVSE_NOT_OWNED');
    });

    it('UNKNOWN_TOKEN when the hub has no record of the token and nothing names its provider (GeM §7 A.2)', () => {
      deniedFor(facts({ token: null, emspPartyId: null, agreements: [] }), null)('UNKNOWN_TOKEN');
    });

    it('UNKNOWN_TOKEN for a contract id the hub does not hold, after the agreement with its provider checked out', () => {
      deniedFor(facts({ token: null }))('UNKNOWN_TOKEN');
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

    it('SERVICE_NOT_ALLOWED when the contract does not allow the service asked for (GeM 982)', () => {
      const reservationOnly = facts({ token: aToken({ allowedServices: ['RESERVATION'] }) });
      deniedFor(reservationOnly)('SERVICE_NOT_ALLOWED');
      const chargingOnly = facts({ token: aToken({ allowedServices: ['CHARGING'] }) });
      const [event] = decided(authorize(chargingOnly, { service: 'DC_CHARGING' }));
      expect(event).toMatchObject({ type: 'AuthorizationDenied', data: { reason: 'SERVICE_NOT_ALLOWED' } });
      // A contract the registry restricts in nothing allows any service (contract-registry.v1: null = none).
      const [unrestricted] = decided(authorize(facts(), { service: 'DC_CHARGING' }));
      expect(unrestricted).toMatchObject({ type: 'AuthorizationGranted', data: { allowedServices: null } });
    });

    it('NO_ROAMING_AGREEMENT when no agreement joins the two parties (GeM §7 A.3)', () => {
      deniedFor(facts({ agreements: [] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ cpoPartyId: 'DEXYZ' })] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ emspPartyId: 'NLXYZ' })] }))('NO_ROAMING_AGREEMENT');
    });

    it('NO_ROAMING_AGREEMENT when the agreement is only offered or was terminated (GeM UC 1513)', () => {
      for (const status of ['offered', 'terminated'] as const) {
        deniedFor(facts({ agreements: [anAgreement({ status })] }))('NO_ROAMING_AGREEMENT');
      }
    });

    it('AGREEMENT_SUSPENDED when the agreement in force is suspended (GeM 1469: stage 1 needs it not suspended)', () => {
      deniedFor(facts({ agreements: [anAgreement({ status: 'suspended' })] }))('AGREEMENT_SUSPENDED');
      const alsoTerminated = [anAgreement({ status: 'terminated' }), anAgreement({ status: 'suspended' })];
      deniedFor(facts({ agreements: alsoTerminated }))('AGREEMENT_SUSPENDED');
    });

    it('NO_ROAMING_AGREEMENT when the agreement is not in force at requestedAt', () => {
      const notYet = anAgreement({ validFrom: '2026-03-01T10:00:00.001Z' });
      deniedFor(facts({ agreements: [notYet] }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [anAgreement({ validUntil: REQUESTED_AT })] }))('NO_ROAMING_AGREEMENT');
      const suspendedLongAgo = anAgreement({ status: 'suspended', validUntil: '2026-02-01T00:00:00.000Z' });
      deniedFor(facts({ agreements: [suspendedLongAgo] }))('NO_ROAMING_AGREEMENT');
    });

    it('PROVIDER_SUSPENDED when the token provider is suspended or deactivated as a partner', () => {
      deniedFor(facts({ provider: { status: 'suspended', decidesAtHome: false } }))('PROVIDER_SUSPENDED');
      deniedFor(facts({ provider: { status: 'deactivated', decidesAtHome: false } }))('PROVIDER_SUSPENDED');
    });

    it('checks the agreement before the token, so an operator without one learns nothing about the card', () => {
      deniedFor(facts({ agreements: [], token: aToken({ status: 'stolen' }) }))('NO_ROAMING_AGREEMENT');
      deniedFor(facts({ agreements: [], token: null }))('NO_ROAMING_AGREEMENT');
    });

    it('checks the provider before the agreement', () => {
      deniedFor(facts({ agreements: [], provider: { status: 'suspended', decidesAtHome: false } }))(
        'PROVIDER_SUSPENDED',
      );
    });

    it('CERTIFICATE_INVALID for a Plug & Charge contract certificate outside its validity period (UC3-3)', () => {
      const pnc = (validFrom: string, validUntil: string) =>
        decided(
          authorize(facts({ token: aToken({ tokenType: 'PLUG_AND_CHARGE', tokenUid: EMAID }) }), {
            token: { uid: EMAID, type: 'PLUG_AND_CHARGE' },
            method: 'PLUG_AND_CHARGE',
            contractCertificate: { serialNumber: '1000', issuer: 'CN=MO', validFrom, validUntil },
          }),
        )[0];
      expect(pnc('2026-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z')).toMatchObject({
        type: 'AuthorizationGranted',
        data: { contractCertificate: { serialNumber: '1000' }, method: 'PLUG_AND_CHARGE' },
      });
      expect(pnc('2024-01-01T00:00:00.000Z', REQUESTED_AT)).toMatchObject({
        type: 'AuthorizationDenied',
        data: { reason: 'CERTIFICATE_INVALID', emspPartyId: 'DE8AA' },
      });
      expect(pnc('2026-03-01T10:00:00.001Z', '2028-01-01T00:00:00.000Z')).toMatchObject({
        data: { reason: 'CERTIFICATE_INVALID' },
      });
    });

    it('checks the EVSE operator before anything else', () => {
      deniedFor(facts({ callerPartyIds: [], agreements: [], token: null }), null)('EVSE_NOT_OWNED');
    });
  });

  describe('IEC 63119-2 UC4-1: a provider that keeps its contracts at home decides in real time (GeM 982)', () => {
    it('asks the provider once stage 1 passed, and only then', () => {
      expect(decideAuthorization({ cpoPartyId: 'DEABC', requestedAt: REQUESTED_AT }, atHome(undefined))).toEqual({
        outcome: 'ask-provider',
        emspPartyId: 'DE8AA',
        agreementId: 'agreement-1',
      });
      expect(
        decideAuthorization({ cpoPartyId: 'DEABC', requestedAt: REQUESTED_AT }, atHome(undefined, { agreements: [] })),
      ).toMatchObject({ outcome: 'denied', reason: 'NO_ROAMING_AGREEMENT' });
    });

    it('refuses without asking when the hub already knows the token is blocked', () => {
      const f = atHome(undefined, { token: aToken({ status: 'blocked' }) });
      expect(decideAuthorization({ cpoPartyId: 'DEABC', requestedAt: REQUESTED_AT }, f)).toMatchObject({
        outcome: 'denied',
        reason: 'TOKEN_BLOCKED',
        decidedBy: 'hub',
      });
    });

    it('grants on its yes, decided by the EVSP, with the services it names', () => {
      spec
        .when(authorize(atHome({ kind: 'allowed', allowedServices: ['CHARGING', 'PARKING'] })))
        .then([granted({ decidedBy: 'emsp', allowedServices: ['CHARGING', 'PARKING'] })]);
    });

    it('bills a contract the EVSP names, for a contract id the hub does not hold', () => {
      const f = atHome({ kind: 'allowed' }, { token: null });
      const [event] = decided(authorize(f, { token: { uid: EMAID, type: 'EMAID' } }));
      expect(event).toMatchObject({ type: 'AuthorizationGranted', data: { emaid: EMAID, decidedBy: 'emsp' } });
    });

    it('refuses on its no, with its reason, decided by the EVSP', () => {
      deniedFor(atHome({ kind: 'refused', reason: 'TOKEN_STOLEN' }), 'DE8AA', 'emsp')('TOKEN_STOLEN');
      deniedFor(
        atHome({ kind: 'refused', reason: 'NOT_ALLOWED_BY_PROVIDER' }),
        'DE8AA',
        'emsp',
      )('NOT_ALLOWED_BY_PROVIDER');
    });

    it('NOT_ALLOWED_BY_PROVIDER for a yes that names no contract the session could be billed to', () => {
      const f = atHome({ kind: 'allowed' }, { token: null });
      deniedFor(f, 'DE8AA', 'emsp')('NOT_ALLOWED_BY_PROVIDER');
    });

    it('SERVICE_NOT_ALLOWED when its yes does not cover the service asked for', () => {
      const [event] = decided(
        authorize(atHome({ kind: 'allowed', allowedServices: ['AC_CHARGING'] }), { service: 'DC_CHARGING' }),
      );
      expect(event).toMatchObject({ data: { reason: 'SERVICE_NOT_ALLOWED', decidedBy: 'emsp' } });
    });

    it('EVSP_UNREACHABLE by the timeout policy "deny" when it is late, fails or its circuit is open', () => {
      for (const cause of ['timeout', 'error', 'circuit-open'] as const) {
        deniedFor(atHome({ kind: 'unreachable', cause }), 'DE8AA', 'timeout-policy')('EVSP_UNREACHABLE');
      }
    });

    it('grants by the timeout policy "allow-offline" of the agreement when it does not answer', () => {
      const f = atHome(
        { kind: 'unreachable', cause: 'timeout' },
        { agreements: [anAgreement({ timeoutPolicy: 'allow-offline', tariffId: 't-9' })] },
      );
      spec.when(authorize(f)).then([granted({ decidedBy: 'timeout-policy', tariffId: 't-9' })]);
    });

    it('cannot grant by policy a token whose contract nobody knows', () => {
      const f = atHome(
        { kind: 'unreachable', cause: 'timeout' },
        { token: null, agreements: [anAgreement({ timeoutPolicy: 'allow-offline' })] },
      );
      deniedFor(f, 'DE8AA', 'timeout-policy')('EVSP_UNREACHABLE');
    });

    it('refuses to decide without the answer it needs (a wiring error, not a decision)', () => {
      expect(() => decided(authorize(atHome(undefined)))).toThrow(/was not asked/);
    });
  });

  describe('one decision per authorization id', () => {
    it('a retried identical request changes nothing, even later and with other facts', () => {
      const retry = authorize(facts({ token: aToken({ status: 'blocked' }) }), { requestedAt: '2026-03-01T10:05:00Z' });
      const state = spec.given([granted()]).when(retry).thenNothing();
      expect(state).toMatchObject({ status: 'granted', agreementId: 'agreement-1' });
    });

    it('a retry matches a decision recorded before method and service existed (a local start)', () => {
      const legacy = { type: 'AuthorizationGranted', data: { ...granted().data, method: undefined } };
      spec
        .given([legacy as AuthorizationEvent])
        .when(authorize())
        .thenNothing();
    });

    it('a different request on the same id is refused with AUTHORIZATION_EXISTS', () => {
      spec
        .given([granted()])
        .when(authorize(facts(), { evseId: 'DE*ABC*E123456*2' }))
        .thenThrows('AUTHORIZATION_EXISTS', 'conflict');
      spec
        .given([granted()])
        .when(authorize(facts(), { service: 'DC_CHARGING' }))
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
