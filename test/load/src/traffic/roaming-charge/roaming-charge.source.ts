import type { Random } from '../../scenario/random';
import type { World } from '../../scenario/world';
import { sessionStartMinute } from '../day-profile';
import type { PlannedStep, TrafficSource } from '../plan';

export const OPERATIONS = {
  authorize: 'authorization.request',
  authorizeRetry: 'authorization.retry',
  submitCdr: 'cdr.submit',
  resendCdr: 'cdr.resend',
} as const;

export type SessionKind = 'granted' | 'unknownToken' | 'blockedToken' | 'noAgreement';

/** What the hub must answer, as the response shows it: 'ACCEPTED' or 'DENIED:<reason>'. */
export const EXPECTED_DECISION: Record<SessionKind, string> = {
  granted: 'ACCEPTED',
  unknownToken: 'DENIED:UNKNOWN_TOKEN',
  blockedToken: 'DENIED:TOKEN_BLOCKED',
  noAgreement: 'DENIED:NO_ROAMING_AGREEMENT',
};

export interface AuthorizationInput {
  session: number;
  cpo: number;
  /** The EVSP of the token, when the token is a registered one. */
  evsp: number | null;
  evseId: string;
  tokenUid: string;
  idempotencyKey: string;
  expected: string;
}

export type CdrVerdict = 'FORWARDED' | 'CDR_IMPLAUSIBLE_ENERGY';

export interface CdrInput {
  session: number;
  cpo: number;
  evsp: number;
  cdrId: string;
  evseId: string;
  emaid: string;
  tokenUid: string;
  /** Simulated session length; the CDR's start and end are placed that far apart, ending just before it is sent. */
  durationMinutes: number;
  energyWh: number;
  /** Total cost in EUR, two decimals. */
  amount: string;
  expected: CdrVerdict;
}

/** Public AC and DC chargers: the average power over a session, in W. */
const MIN_AVERAGE_POWER_W = 3_000;
const MAX_AVERAGE_POWER_W = 60_000;
/** Over 1 MW on average: the plausibility check refuses it. */
const IMPLAUSIBLE_POWER_W = 2_500_000;
const PRICE_EUR_PER_KWH = 0.49;

/**
 * The roaming charge (IEC 63119-2 UC3-1 then UC3-9): a driver presents a token at a CPO's EVSE, the CPO asks the hub,
 * and after a granted session the CPO sends the CDR (REST or the B2B topic), which the hub forwards to the EVSP.
 * Per session: one authorization (sometimes retried with the same Idempotency-Key), and for granted sessions a CDR
 * (sometimes sent again unchanged). Refusals are planned with their reason, so the run knows every right answer.
 */
export const roamingChargeSource: TrafficSource = {
  name: 'roaming-charge',
  operations: Object.values(OPERATIONS),
  plan(world: World, random: Random): PlannedStep[] {
    const p = world.parameters;
    const day = p.day;
    const cposWithMissingAgreement = [...Array(p.cpos).keys()].filter((c) => world.evspsWithoutAgreement(c).length > 0);
    if (day.refusals.noAgreement > 0 && cposWithMissingAgreement.length === 0) {
      throw new Error('no (CPO, EVSP) pair lacks an agreement: lower agreementDensity or refusals.noAgreement');
    }
    const kinds: Record<SessionKind, number> = {
      granted: Math.max(0, 1 - day.refusals.unknownToken - day.refusals.blockedToken - day.refusals.noAgreement),
      unknownToken: day.refusals.unknownToken,
      blockedToken: day.refusals.blockedToken,
      noAgreement: day.refusals.noAgreement,
    };
    const grantable = p.contractsPerEvsp - world.blockedContractsPerEvsp;
    const steps: PlannedStep[] = [];

    for (let n = 0; n < day.sessions; n++) {
      const kind = random.weighted(kinds);
      const start = sessionStartMinute(random);
      let cpo = random.int(p.cpos);
      let evsp: number | null = null;
      let contract = 0;
      let tokenUid: string;
      switch (kind) {
        case 'granted':
        case 'blockedToken': {
          const partners = world.agreementsOf(cpo);
          evsp = partners[random.int(partners.length)];
          contract = kind === 'granted' ? random.int(grantable) : grantable + random.int(world.blockedContractsPerEvsp);
          tokenUid = world.tokenUid(evsp, contract, random.int(p.tokensPerContract));
          break;
        }
        case 'noAgreement': {
          cpo = cposWithMissingAgreement[random.int(cposWithMissingAgreement.length)];
          const strangers = world.evspsWithoutAgreement(cpo);
          evsp = strangers[random.int(strangers.length)];
          contract = random.int(grantable);
          tokenUid = world.tokenUid(evsp, contract, random.int(p.tokensPerContract));
          break;
        }
        case 'unknownToken':
          tokenUid = world.unknownTokenUid(n);
          break;
      }
      const evseId = world.evseId(cpo, random.int(p.evsesPerCpo));
      const authKey = `s${n}.auth`;
      const authorization: AuthorizationInput = {
        session: n,
        cpo,
        evsp,
        evseId,
        tokenUid,
        idempotencyKey: `load-${world.seed}-${n}`,
        expected: EXPECTED_DECISION[kind],
      };
      steps.push({ key: authKey, minute: start, operation: OPERATIONS.authorize, door: 'http', input: authorization });
      if (random.chance(day.authorizationRetryShare)) {
        steps.push({
          key: `s${n}.auth-retry`,
          minute: start + 0.5,
          operation: OPERATIONS.authorizeRetry,
          door: 'http',
          after: authKey,
          input: authorization,
        });
      }
      if (kind !== 'granted' || evsp === null) continue;

      const durationMinutes = Math.min(600, Math.max(5, random.logNormal(day.sessionMedianMinutes, 0.6)));
      const implausible = random.chance(day.cdrImplausibleShare);
      const power = implausible
        ? IMPLAUSIBLE_POWER_W
        : MIN_AVERAGE_POWER_W + random.next() * (MAX_AVERAGE_POWER_W - MIN_AVERAGE_POWER_W);
      const energyWh = Math.round((power * durationMinutes) / 60);
      const cdr: CdrInput = {
        session: n,
        cpo,
        evsp,
        cdrId: `L${world.seed.toString(36).toUpperCase()}-${n}`,
        evseId,
        emaid: world.emaid(evsp, contract),
        tokenUid,
        durationMinutes: Math.round(durationMinutes * 100) / 100,
        energyWh,
        amount: ((energyWh / 1000) * PRICE_EUR_PER_KWH).toFixed(2),
        expected: implausible ? 'CDR_IMPLAUSIBLE_ENERGY' : 'FORWARDED',
      };
      const door = random.chance(day.cdrKafkaShare) ? 'kafka' : 'http';
      // The CPO's backend sends the CDR a few minutes after the session ended.
      const cdrMinute = start + durationMinutes + 1 + random.next() * 4;
      const cdrKey = `s${n}.cdr`;
      steps.push({ key: cdrKey, minute: cdrMinute, operation: OPERATIONS.submitCdr, door, after: authKey, input: cdr });
      if (random.chance(day.cdrResendShare)) {
        steps.push({
          key: `s${n}.cdr-resend`,
          minute: cdrMinute + 10,
          operation: OPERATIONS.resendCdr,
          door,
          after: cdrKey,
          input: cdr,
        });
      }
    }
    return steps;
  },
};
