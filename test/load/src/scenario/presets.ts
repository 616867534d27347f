import type { ScenarioParameters } from './scenario-parameters';

const COMMON_DAY = {
  refusals: { unknownToken: 0.05, blockedToken: 0.03, noAgreement: 0.04 },
  authorizationRetryShare: 0.03,
  cdrKafkaShare: 0.3,
  cdrResendShare: 0.05,
  cdrImplausibleShare: 0.02,
  pullIntervalMinutes: 30,
  pullLimit: 1000,
  sessionMedianMinutes: 40,
};

/**
 * The named scenarios. `smoke` proves the whole path in well under two minutes; `reference` is the recorded run of
 * BENCHMARKS.md (server mode); `national` has the sizes of a national hub (1 000 partners, 1 000 000 EVSEs,
 * 10 000 000 tokens) that the generator handles lazily; onboarding it takes hours and a bigger machine.
 */
export const PRESETS: Record<string, Omit<ScenarioParameters, 'seed'>> = {
  smoke: {
    name: 'smoke',
    cpos: 3,
    evsps: 3,
    agreementDensity: 0.5,
    evsesPerCpo: 50,
    contractsPerEvsp: 20,
    tokensPerContract: 2,
    blockedContractShare: 0.1,
    // About 23 ops/s, so that the embedded clearing house (all contexts in one process on one PGlite session) gets
    // through it within two minutes even on a shared, saturated machine; still over 100 CDRs, enough to cross the
    // cursor positions where a text-sorted page once went wrong.
    day: { ...COMMON_DAY, sessions: 200, seconds: 20, pullIntervalMinutes: 60 },
  },
  reference: {
    name: 'reference',
    cpos: 20,
    evsps: 20,
    agreementDensity: 0.6,
    evsesPerCpo: 500,
    contractsPerEvsp: 250,
    tokensPerContract: 2,
    blockedContractShare: 0.02,
    day: { ...COMMON_DAY, sessions: 20_000, seconds: 480 },
  },
  national: {
    name: 'national',
    cpos: 500,
    evsps: 500,
    agreementDensity: 0.3,
    evsesPerCpo: 2_000,
    contractsPerEvsp: 10_000,
    tokensPerContract: 2,
    blockedContractShare: 0.01,
    day: { ...COMMON_DAY, sessions: 1_000_000, seconds: 3_600, pullIntervalMinutes: 15 },
  },
};
