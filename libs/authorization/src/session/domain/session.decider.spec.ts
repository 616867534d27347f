import type { TokenFacts } from '../../authorization/domain';
import { deciderSpec } from '@roaming/testing';
import type {
  AuthorizationOfSession,
  SessionCommand,
  StartAuthorizedSession,
  StartOfflineSession,
} from './session.commands';
import { sessionDecider } from './session.decider';
import type { SessionEvent, SessionStarted } from './session.events';

const SESSION_ID = 's-1';
const STARTED_AT = '2026-03-01T10:00:00.000Z';
const REPORTED_AT = '2026-03-01T10:00:02.000Z';

const authorization = (overrides: Partial<AuthorizationOfSession> = {}): AuthorizationOfSession => ({
  authorizationId: 'a-1',
  granted: true,
  evseId: 'DE*ABC*E1',
  cpoPartyId: 'DEABC',
  emspPartyId: 'DE8AA',
  emaid: 'DE8AACA2B3C4D5L',
  tokenUid: '04A2B3C4',
  tokenType: 'RFID',
  method: 'LOCAL',
  agreementId: 'ag-1',
  tariffId: 't-7',
  ...overrides,
});

const startAuthorized = (
  a: AuthorizationOfSession | null = authorization(),
  overrides: Partial<StartAuthorizedSession['data']> = {},
): StartAuthorizedSession => ({
  type: 'StartAuthorizedSession',
  data: {
    sessionId: SESSION_ID,
    cpoPartyId: 'DEABC',
    cpoSessionId: 'cpo-1',
    evseId: 'DE*ABC*E1',
    startedAt: STARTED_AT,
    reportedAt: REPORTED_AT,
    authorization: a,
    ...overrides,
  },
});

const whitelisted = (overrides: Partial<TokenFacts> = {}): TokenFacts => ({
  tokenUid: '04OFF001',
  tokenType: 'RFID',
  emaid: 'DE8AACA2B3C4D5L',
  emspPartyId: 'DE8AA',
  status: 'active',
  validUntil: null,
  allowedServices: null,
  allowOffline: true,
  ...overrides,
});

const startOffline = (token: TokenFacts | null = whitelisted()): StartOfflineSession => ({
  type: 'StartOfflineSession',
  data: {
    sessionId: SESSION_ID,
    cpoPartyId: 'DEABC',
    cpoSessionId: 'cpo-off-1',
    evseId: 'DE*ABC*E1',
    startedAt: STARTED_AT,
    reportedAt: REPORTED_AT,
    tokenUid: '04OFF001',
    tokenType: 'RFID',
    token,
  },
});

const started: SessionStarted = {
  type: 'SessionStarted',
  data: {
    sessionId: SESSION_ID,
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
    tariffId: 't-7',
    startedAt: STARTED_AT,
    reportedAt: REPORTED_AT,
  },
};

const parties = { sessionId: SESSION_ID, cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const progressed = (energyWh: number, measuredAt: string): SessionEvent => ({
  type: 'SessionProgressed',
  data: { ...parties, energyWh, status: 'CHARGING', measuredAt },
});
const progress = (energyWh: number, measuredAt: string, cpoPartyId = 'DEABC'): SessionCommand => ({
  type: 'ReportSessionProgress',
  data: { sessionId: SESSION_ID, cpoPartyId, energyWh, status: 'CHARGING', measuredAt },
});
const end = (endedAt: string, energyWh: number): SessionCommand => ({
  type: 'EndSession',
  data: { sessionId: SESSION_ID, cpoPartyId: 'DEABC', endedAt, energyWh, reason: 'EV_FULL' },
});
const ended = (endedAt: string, energyWh: number): SessionEvent => ({
  type: 'SessionEnded',
  data: { ...parties, authorizationId: 'a-1', evseId: 'DE*ABC*E1', endedAt, energyWh, reason: 'EV_FULL' },
});
const flag = (now: string): SessionCommand => ({
  type: 'FlagSessionIfOverdue',
  data: { sessionId: SESSION_ID, now, limitMs: 24 * 3_600_000 },
});

const spec = deciderSpec(sessionDecider);

describe('charging session decider', () => {
  describe('an authorization becomes a session when the CPO reports the start (IEC 63119-2 UC3-1/UC3-2/UC3-3)', () => {
    it('starts the session with everything it will be billed by', () => {
      const state = spec.when(startAuthorized()).then([started]);
      expect(state).toMatchObject({ status: 'ACTIVE', energyWh: 0, authorizationId: 'a-1', tariffId: 't-7' });
    });

    it('takes the same start report again as one', () => {
      spec.given([started]).when(startAuthorized()).thenNothing();
    });

    it('refuses a second, different session on the same authorization', () => {
      spec
        .given([started])
        .when(startAuthorized(authorization(), { cpoSessionId: 'cpo-2' }))
        .thenThrows('SESSION_EXISTS');
    });

    it('refuses a start on a denied authorization, at another EVSE, or on one it does not know or own', () => {
      spec
        .when(startAuthorized(authorization({ granted: false })))
        .thenThrows('AUTHORIZATION_NOT_GRANTED', 'illegalState');
      spec
        .when(startAuthorized(authorization(), { evseId: 'DE*ABC*E2' }))
        .thenThrows('SESSION_EVSE_MISMATCH', 'conflict');
      spec.when(startAuthorized(null)).thenThrows('AUTHORIZATION_NOT_FOUND', 'notFound');
      spec.when(startAuthorized(authorization({ cpoPartyId: 'NLEVB' }))).thenThrows('AUTHORIZATION_NOT_FOUND');
    });

    it('refuses a start more than the clock skew in the future', () => {
      spec
        .when(startAuthorized(authorization(), { startedAt: '2026-03-01T10:05:02.001Z' }))
        .thenThrows('SESSION_START_IN_FUTURE', 'validation');
    });
  });

  describe('IEC 63119-2 UC4-2: a start the EVSE allowed offline', () => {
    it('is accepted and marked offline when the hub whitelists the token for offline use', () => {
      const [event] = sessionDecider.decide(startOffline(), sessionDecider.initialState());
      expect(event).toMatchObject({
        type: 'SessionStarted',
        data: {
          offline: true,
          method: 'OFFLINE',
          authorizationId: null,
          emspPartyId: 'DE8AA',
          cpoSessionId: 'cpo-off-1',
        },
      });
    });

    it.each([
      [null, 'UNKNOWN_TOKEN'],
      [whitelisted({ allowOffline: false }), 'NOT_ALLOWED_OFFLINE'],
      [whitelisted({ status: 'blocked' }), 'TOKEN_BLOCKED'],
      [whitelisted({ status: 'stolen' }), 'TOKEN_STOLEN'],
      [whitelisted({ validUntil: '2026-02-01T00:00:00.000Z' }), 'TOKEN_EXPIRED'],
    ])('is recorded as refused, for billing to dispute, when the token is %j: %s', (token, reason) => {
      const [event] = sessionDecider.decide(startOffline(token as TokenFacts | null), sessionDecider.initialState());
      expect(event).toMatchObject({ type: 'SessionStartRefused', data: { reason } });
    });
  });

  describe('progress: energy so far and status, only while the session runs (eMI3 UCE CS)', () => {
    it('records energy and status', () => {
      const state = spec
        .given([started])
        .when(progress(5_000, '2026-03-01T10:20:00.000Z'))
        .then([progressed(5_000, '2026-03-01T10:20:00.000Z')]);
      expect(state).toMatchObject({ energyWh: 5_000, chargingStatus: 'CHARGING' });
    });

    it('ignores a report older than the latest (reordered delivery)', () => {
      spec
        .given([started, progressed(5_000, '2026-03-01T10:20:00.000Z')])
        .when(progress(4_000, '2026-03-01T10:10:00.000Z'))
        .thenNothing();
    });

    it('refuses energy going down, a measurement before the start, and reports on a session not running', () => {
      spec
        .given([started, progressed(5_000, '2026-03-01T10:20:00.000Z')])
        .when(progress(4_000, '2026-03-01T10:30:00.000Z'))
        .thenThrows('SESSION_ENERGY_DECREASED', 'validation');
      spec.given([started]).when(progress(1, '2026-03-01T09:59:00.000Z')).thenThrows('SESSION_PROGRESS_BEFORE_START');
      spec
        .given([started, ended('2026-03-01T11:00:00.000Z', 9_000)])
        .when(progress(9_500, '2026-03-01T11:05:00.000Z'))
        .thenThrows('SESSION_NOT_ACTIVE', 'illegalState');
      spec.when(progress(1, '2026-03-01T10:20:00.000Z')).thenThrows('SESSION_NOT_FOUND', 'notFound');
      spec
        .given([started])
        .when(progress(1, '2026-03-01T10:20:00.000Z', 'NLEVB'))
        .thenThrows('SESSION_NOT_FOUND');
    });
  });

  describe('IEC 63119-2 UC3-5: the end', () => {
    it('ends the session with the energy delivered; the same end again changes nothing', () => {
      const state = spec
        .given([started])
        .when(end('2026-03-01T11:00:00.000Z', 9_000))
        .then([ended('2026-03-01T11:00:00.000Z', 9_000)]);
      expect(state).toMatchObject({ status: 'ENDED', energyWh: 9_000 });
      spec
        .given([started, ended('2026-03-01T11:00:00.000Z', 9_000)])
        .when(end('2026-03-01T11:00:00.000Z', 9_000))
        .thenNothing();
    });

    it('refuses a different end, an end before the start, and less energy than reported', () => {
      spec
        .given([started, ended('2026-03-01T11:00:00.000Z', 9_000)])
        .when(end('2026-03-01T11:30:00.000Z', 9_000))
        .thenThrows('SESSION_ALREADY_ENDED', 'illegalState');
      spec.given([started]).when(end('2026-03-01T09:00:00.000Z', 0)).thenThrows('SESSION_END_BEFORE_START');
      spec
        .given([started, progressed(5_000, '2026-03-01T10:20:00.000Z')])
        .when(end('2026-03-01T11:00:00.000Z', 4_000))
        .thenThrows('SESSION_ENERGY_DECREASED');
    });
  });

  describe('the process manager flags sessions open past the limit', () => {
    it('flags once the limit has passed since the start, on the hub clock, and only once', () => {
      spec.given([started]).when(flag('2026-03-02T09:59:59.999Z')).thenNothing();
      const flagged: SessionEvent = {
        type: 'SessionFlaggedOverdue',
        data: { ...parties, startedAt: STARTED_AT, flaggedAt: '2026-03-02T10:00:00.000Z', limitMs: 24 * 3_600_000 },
      };
      const state = spec.given([started]).when(flag('2026-03-02T10:00:00.000Z')).then([flagged]);
      expect(state).toMatchObject({ overdueFlaggedAt: '2026-03-02T10:00:00.000Z' });
      spec.given([started, flagged]).when(flag('2026-03-03T10:00:00.000Z')).thenNothing();
    });

    it('leaves an ended session alone', () => {
      spec
        .given([started, ended('2026-03-01T11:00:00.000Z', 9_000)])
        .when(flag('2026-03-05T00:00:00.000Z'))
        .thenNothing();
    });
  });

  describe('authorization → session → CDR', () => {
    it('links each CDR of the session once', () => {
      const link: SessionCommand = { type: 'LinkCdr', data: { sessionId: SESSION_ID, cdrId: 'CDR-1' } };
      const linked: SessionEvent = { type: 'SessionCdrLinked', data: { sessionId: SESSION_ID, cdrId: 'CDR-1' } };
      const state = spec.given([started]).when(link).then([linked]);
      expect(state).toMatchObject({ cdrIds: ['CDR-1'] });
      spec.given([started, linked]).when(link).thenNothing();
      spec.when(link).thenNothing();
    });
  });
});
