import { errorOutcome, failureOutcome, type HttpDriver, type HttpResponse, isRecord } from '../drivers/http-driver';
import type { PhaseRecorder } from '../measure/recorder';
import type { World } from '../scenario/world';
import type { DoorUrls } from '../traffic/operation';

/** The onboarding operations, as they appear in the figures. */
export const ONBOARDING_OPERATIONS = {
  registerPartner: 'partner.register',
  issueCredential: 'credential.issue',
  offerAgreement: 'agreement.offer',
  acceptAgreement: 'agreement.accept',
  registerContract: 'contract.register',
  blockToken: 'token.block',
} as const;

/** The version of the partner contract the scenario's partners accept (GeM UC 1374). */
const PARTNER_CONTRACT_VERSION = 'LOAD-2026';
/** Agreements start this long before the run, so that every session of the day falls inside them. */
const AGREEMENT_LEAD_MS = 30 * 86_400_000;
/**
 * 409 CONCURRENT_MODIFICATION tells the client to read again and retry (libs/platform problem mapping): a partner's
 * backend does, a few times with a growing random pause. Each refused attempt still counts in the figures.
 */
const CONFLICT_RETRIES = 6;

export interface OnboardingResult {
  /** API key per partner index. */
  keys: Map<number, string>;
  /** The public id of each partner's key: with the key, it signs the partner's Kafka messages. */
  keyIds: Map<number, string>;
  /** Requests that still failed after their retries: the market is not as planned. */
  failures: number;
  /** Attempts refused with 409 CONCURRENT_MODIFICATION and sent again. */
  conflictRetries: number;
  /** The first failures, for the console. */
  firstFailures: string[];
}

export class OnboardingError extends Error {}

interface OnboardingContext {
  world: World;
  http: HttpDriver;
  urls: DoorUrls;
  operatorKey: string;
  recorder: PhaseRecorder;
  concurrency: number;
  /** Start of the agreements' validity (epoch ms). */
  agreementsFrom: number;
  onConflictRetry?: () => void;
  progress?: (stage: string, done: number, total: number) => void;
}

/**
 * Registers the scenario's market through the doors a real operator and real partners use (IEC 63119-2 UC1-1,
 * UC2-x; GeM 1291, 1380, 1497): the operator onboards every partner and issues its API key, each CPO offers its
 * agreements and the EVSP accepts them, each EVSP registers its contracts with their RFID tokens and blocks the
 * tokens of the contracts the scenario says are blocked. Stage by stage, `concurrency` requests at a time, every
 * request measured like the day's.
 */
export async function onboard(context: Omit<OnboardingContext, 'agreementsFrom'>): Promise<OnboardingResult> {
  const ctx: OnboardingContext = { ...context, agreementsFrom: Date.now() - AGREEMENT_LEAD_MS };
  const { world } = ctx;
  const result: OnboardingResult = {
    keys: new Map(),
    keyIds: new Map(),
    failures: 0,
    conflictRetries: 0,
    firstFailures: [],
  };
  ctx.onConflictRetry = () => result.conflictRetries++;
  const fail = (what: string) => {
    result.failures++;
    if (result.firstFailures.length < 10) result.firstFailures.push(what);
  };

  await stage(
    ctx,
    'partners',
    world.partnerCount,
    (i) => i,
    async (index) => {
      const partner = world.partner(index);
      const registered = await call(ctx, ONBOARDING_OPERATIONS.registerPartner, 201, {
        method: 'POST',
        url: `${ctx.urls.registry}/v1/admin/partners`,
        apiKey: ctx.operatorKey,
        body: {
          name: partner.name,
          roles: [partner.role],
          partyIds: [partner.partyId],
          partnerContractVersion: PARTNER_CONTRACT_VERSION,
        },
      });
      const partnerId = field(registered, 'partnerId');
      if (!partnerId) return fail(`register ${partner.partyId}: ${describe(registered)}`);
      const issued = await call(ctx, ONBOARDING_OPERATIONS.issueCredential, 201, {
        method: 'POST',
        url: `${ctx.urls.registry}/v1/admin/partners/${partnerId}/credentials`,
        apiKey: ctx.operatorKey,
      });
      const apiKey = field(issued, 'apiKey');
      const keyId = field(issued, 'keyId');
      if (!apiKey || !keyId) return fail(`credential of ${partner.partyId}: ${describe(issued)}`);
      result.keys.set(index, apiKey);
      result.keyIds.set(index, keyId);
    },
  );
  if (result.failures > 0) throw new OnboardingError(`partner onboarding failed: ${result.firstFailures.join('; ')}`);

  const pairs = [...world.agreementPairs()];
  await stage(
    ctx,
    'agreements',
    pairs.length,
    (i) => pairs[i],
    async ({ c, e }) => {
      const cpo = world.cpo(c);
      const evsp = world.evsp(e);
      const offered = await call(ctx, ONBOARDING_OPERATIONS.offerAgreement, 201, {
        method: 'POST',
        url: `${ctx.urls.registry}/v1/agreements`,
        apiKey: result.keys.get(cpo.index),
        body: {
          cpoPartyId: cpo.partyId,
          emspPartyId: evsp.partyId,
          validFrom: new Date(ctx.agreementsFrom).toISOString(),
        },
      });
      const agreementId = field(offered, 'agreementId');
      if (!agreementId) return fail(`offer ${cpo.partyId}→${evsp.partyId}: ${describe(offered)}`);
      const accepted = await call(ctx, ONBOARDING_OPERATIONS.acceptAgreement, 200, {
        method: 'POST',
        url: `${ctx.urls.registry}/v1/agreements/${agreementId}/accept`,
        apiKey: result.keys.get(evsp.index),
      });
      if (!isOk(accepted, 200)) fail(`accept ${agreementId}: ${describe(accepted)}`);
    },
  );

  const { evsps, contractsPerEvsp, tokensPerContract } = world.parameters;
  const contracts = evsps * contractsPerEvsp;
  // EVSP by EVSP would serialise on one EVSP's streams; interleaving spreads the load as many EVSPs would.
  const contractAt = (i: number) => ({ e: i % evsps, k: Math.floor(i / evsps) });
  await stage(ctx, 'contracts', contracts, contractAt, async ({ e, k }) => {
    const evsp = world.evsp(e);
    const emaid = world.emaid(e, k);
    const apiKey = result.keys.get(evsp.index);
    const tokens = [...Array(tokensPerContract).keys()].map((t) => ({ uid: world.tokenUid(e, k, t), type: 'RFID' }));
    const registered = await call(ctx, ONBOARDING_OPERATIONS.registerContract, 201, {
      method: 'POST',
      url: `${ctx.urls.registry}/v1/contracts`,
      apiKey,
      body: { emaid, tokens },
    });
    if (!isOk(registered, 201)) return fail(`contract ${emaid}: ${describe(registered)}`);
    if (!world.isBlocked(k)) return;
    for (const token of tokens) {
      const blocked = await call(ctx, ONBOARDING_OPERATIONS.blockToken, 200, {
        method: 'POST',
        url: `${ctx.urls.registry}/v1/contracts/${emaid}/tokens/${token.uid}/block`,
        apiKey,
      });
      if (!isOk(blocked, 200)) fail(`block ${emaid}/${token.uid}: ${describe(blocked)}`);
    }
  });
  return result;
}

type Answer = HttpResponse | { failure: string };

async function call(
  ctx: OnboardingContext,
  operation: string,
  expectedStatus: number,
  request: Parameters<HttpDriver['send']>[0],
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await attemptOnce(ctx, operation, expectedStatus, request);
    const conflict = 'status' in answer && answer.status === 409 && answer.problemCode === 'CONCURRENT_MODIFICATION';
    if (!conflict || attempt > CONFLICT_RETRIES) return answer;
    ctx.onConflictRetry?.();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
}

async function attemptOnce(
  ctx: OnboardingContext,
  operation: string,
  expectedStatus: number,
  request: Parameters<HttpDriver['send']>[0],
): Promise<Answer> {
  const intendedAt = performance.now();
  let answer: Answer;
  let outcome: string;
  try {
    answer = await ctx.http.send(request);
    outcome = answer.status === expectedStatus ? 'OK' : errorOutcome(answer);
  } catch (error) {
    outcome = failureOutcome(error);
    answer = { failure: outcome };
  }
  ctx.recorder.record({
    operation,
    door: 'http',
    intendedAt,
    completedAt: performance.now(),
    outcome,
    expected: outcome === 'OK',
  });
  return answer;
}

function isOk(answer: Answer, status: number): boolean {
  return 'status' in answer && answer.status === status;
}

function field(answer: Answer, name: string): string | undefined {
  if (!('status' in answer) || answer.status >= 300 || !isRecord(answer.body)) return undefined;
  const value = answer.body[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(answer: Answer): string {
  if ('failure' in answer) return answer.failure;
  return `${answer.status} ${errorOutcome(answer)}`;
}

/** Runs `work` for items 0..total-1 with at most `concurrency` at a time. */
async function stage<T>(
  ctx: OnboardingContext,
  name: string,
  total: number,
  item: (i: number) => T,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await work(item(i));
      done++;
      if (done % 1000 === 0) ctx.progress?.(name, done, total);
    }
  };
  await Promise.all([...Array(Math.min(ctx.concurrency, Math.max(1, total))).keys()].map(worker));
  ctx.progress?.(name, done, total);
}
