/**
 * What a scenario is made of: the size of the market (partners, agreements, EVSEs, contracts, tokens) and the shape
 * of one day of traffic, compressed into `day.seconds` of wall-clock time. Everything else follows from the seed.
 */
export interface ScenarioParameters {
  name: string;
  seed: number;
  /** EVSE operators. */
  cpos: number;
  /** EV service providers. */
  evsps: number;
  /** Share of the (CPO, EVSP) pairs bound by a roaming agreement; every CPO gets at least one. */
  agreementDensity: number;
  /** EVSEs per CPO: only ids until station management registers EVSEs (issue 5); 1 000 000 in all is fine. */
  evsesPerCpo: number;
  contractsPerEvsp: number;
  /** RFID tokens per EV contract, 1 to 50 (the registry's limit per contract). */
  tokensPerContract: number;
  /** Share of each EVSP's contracts whose tokens are blocked during onboarding. */
  blockedContractShare: number;
  day: DayParameters;
}

export interface DayParameters {
  /** Charging sessions started over the day. */
  sessions: number;
  /** Wall-clock seconds the 24 hours are compressed into (ignored when the run goes as fast as possible). */
  seconds: number;
  /** Shares of sessions refused by the hub, per reason (the rest are granted). */
  refusals: { unknownToken: number; blockedToken: number; noAgreement: number };
  /** Share of authorizations the CPO sends twice with the same Idempotency-Key (a retry after a lost answer). */
  authorizationRetryShare: number;
  /** Share of CDRs sent on the Kafka door (b2b.cdrs.inbound.v1) instead of REST. */
  cdrKafkaShare: number;
  /** Share of CDRs the CPO sends again unchanged (the hub must not forward them twice). */
  cdrResendShare: number;
  /** Share of CDRs with more energy than the session could deliver (refused CDR_IMPLAUSIBLE_ENERGY). */
  cdrImplausibleShare: number;
  /** Simulated minutes between two pulls of GET /v1/cdrs by one EVSP. */
  pullIntervalMinutes: number;
  /** Page size of those pulls. */
  pullLimit: number;
  /** Median simulated session length in minutes (log-normal). */
  sessionMedianMinutes: number;
}

/** The largest sizes the generator has to handle without materialising everything (issue 9). */
export const GENERATOR_LIMITS = {
  partners: 60_000,
  contractsPerEvsp: 2 ** 26,
  tokensPerContract: 50,
  evsesPerCpo: 36 ** 6,
} as const;

export function validateParameters(p: ScenarioParameters): string[] {
  const problems: string[] = [];
  const positiveInteger = (name: string, value: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || value < 1 || value > max) problems.push(`${name} must be an integer 1..${max}`);
  };
  const share = (name: string, value: number) => {
    if (!(value >= 0 && value <= 1)) problems.push(`${name} must be a share between 0 and 1`);
  };
  positiveInteger('cpos', p.cpos);
  positiveInteger('evsps', p.evsps);
  if (p.cpos + p.evsps > GENERATOR_LIMITS.partners) problems.push(`at most ${GENERATOR_LIMITS.partners} partners`);
  positiveInteger('evsesPerCpo', p.evsesPerCpo, GENERATOR_LIMITS.evsesPerCpo);
  positiveInteger('contractsPerEvsp', p.contractsPerEvsp, GENERATOR_LIMITS.contractsPerEvsp);
  positiveInteger('tokensPerContract', p.tokensPerContract, GENERATOR_LIMITS.tokensPerContract);
  share('agreementDensity', p.agreementDensity);
  share('blockedContractShare', p.blockedContractShare);
  positiveInteger('day.sessions', p.day.sessions);
  if (!(p.day.seconds > 0)) problems.push('day.seconds must be positive');
  const { unknownToken, blockedToken, noAgreement } = p.day.refusals;
  for (const [name, value] of Object.entries(p.day.refusals)) share(`day.refusals.${name}`, value);
  if (unknownToken + blockedToken + noAgreement > 1) problems.push('the refusal shares add up to more than 1');
  if (blockedToken > 0 && blockedContractsPerEvsp(p) === 0) {
    problems.push('day.refusals.blockedToken needs blockedContractShare > 0');
  }
  if (blockedContractsPerEvsp(p) >= p.contractsPerEvsp) problems.push('every contract would be blocked');
  for (const name of ['authorizationRetryShare', 'cdrKafkaShare', 'cdrResendShare', 'cdrImplausibleShare'] as const) {
    share(`day.${name}`, p.day[name]);
  }
  if (!(p.day.pullIntervalMinutes > 0)) problems.push('day.pullIntervalMinutes must be positive');
  positiveInteger('day.pullLimit', p.day.pullLimit, 2000);
  if (!(p.day.sessionMedianMinutes > 0)) problems.push('day.sessionMedianMinutes must be positive');
  return problems;
}

/** Blocked contracts are the last ones of each EVSP, so that the others stay free for granted sessions. */
export function blockedContractsPerEvsp(p: Pick<ScenarioParameters, 'contractsPerEvsp' | 'blockedContractShare'>) {
  if (p.blockedContractShare <= 0) return 0;
  return Math.max(1, Math.round(p.contractsPerEvsp * p.blockedContractShare));
}
