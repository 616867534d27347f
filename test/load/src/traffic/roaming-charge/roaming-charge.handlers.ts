import type { InboundCdrV1 } from '@roaming/contracts';
import { errorOutcome, failureOutcome, type HttpResponse, isRecord } from '../../drivers/http-driver';
import { type CdrAnswer, cdrKey } from '../../inventory/ledger';
import type { DayContext, OperationHandler, StepResult } from '../operation';
import type { PlannedStep } from '../plan';
import { type AuthorizationInput, type CdrInput, OPERATIONS } from './roaming-charge.source';

/** A CPO's backend sends the CDR this long after the session ended (the end time lies that far in the past). */
const CDR_END_BEFORE_SEND_MS = 60_000;

/** POST /v1/authorizations (IEC 63119-2 UC3-1) with the session's Idempotency-Key. */
async function requestAuthorization(
  step: PlannedStep,
  context: DayContext,
): Promise<{ result: StepResult; authorizationId?: string }> {
  const input = step.input as AuthorizationInput;
  let response: HttpResponse;
  try {
    response = await context.http.send({
      method: 'POST',
      url: `${context.urls.authorization}/v1/authorizations`,
      apiKey: context.apiKey(context.world.cpo(input.cpo).index),
      headers: { 'idempotency-key': input.idempotencyKey },
      body: { evseId: input.evseId, token: { uid: input.tokenUid, type: 'RFID' } },
    });
  } catch (error) {
    context.ledger.unansweredAuthorizations++;
    return { result: { outcome: failureOutcome(error), expected: false } };
  }
  const body = response.body;
  if (response.status !== 201 || !isRecord(body) || typeof body.authorizationId !== 'string') {
    // A server error may come after the decision was stored; a client error never stores one.
    if (response.status >= 500) context.ledger.unansweredAuthorizations++;
    return { result: { outcome: errorOutcome(response), expected: false } };
  }
  const outcome = body.status === 'ACCEPTED' ? 'ACCEPTED' : `DENIED:${String(body.reason)}`;
  context.ledger.recordDecision({
    authorizationId: body.authorizationId,
    cpoPartyId: context.world.cpo(input.cpo).partyId,
    step: step.key,
    outcome,
    expected: input.expected,
  });
  return {
    result: { outcome, expected: outcome === input.expected, value: body.authorizationId },
    authorizationId: body.authorizationId,
  };
}

export const authorizeHandler: OperationHandler = {
  operation: OPERATIONS.authorize,
  execute: async (step, context) => (await requestAuthorization(step, context)).result,
};

/** The same request again with the same Idempotency-Key: the hub must give the first decision back, not a new one. */
export const authorizeRetryHandler: OperationHandler = {
  operation: OPERATIONS.authorizeRetry,
  async execute(step, context, first) {
    if (first?.value === undefined) return { outcome: 'SKIPPED', expected: false, skipped: true };
    const { result, authorizationId } = await requestAuthorization(step, context);
    if (authorizationId !== undefined && authorizationId !== first.value) {
      return { outcome: 'RETRY_GOT_NEW_DECISION', expected: false };
    }
    return result;
  },
};

/** The CDR of a granted session as the CPO sends it, times placed just before now. */
export function cdrBody(input: CdrInput, authorizationId: string, now: number): InboundCdrV1 {
  const endedAt = now - CDR_END_BEFORE_SEND_MS;
  const startedAt = endedAt - Math.round(input.durationMinutes * 60_000);
  return {
    cdrId: input.cdrId,
    evseId: input.evseId,
    emaid: input.emaid,
    tokenUid: input.tokenUid,
    authorizationId,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    energyWh: input.energyWh,
    totalCost: { amount: input.amount, currency: 'EUR' },
  };
}

/**
 * Sends one CDR through the planned door and records it in the ledger. REST answers at once (201 forwarded, 200 the
 * same CDR again, 422 refused); the topic door only acknowledges, the verdict shows on the partners' topics.
 */
async function sendCdr(
  step: PlannedStep,
  context: DayContext,
  body: InboundCdrV1,
  firstTime: boolean,
): Promise<StepResult> {
  const input = step.input as CdrInput;
  const cpoPartyId = context.world.cpo(input.cpo).partyId;
  const value = JSON.stringify(body);
  const sentAt = Date.now();
  const record = (answer: CdrAnswer, door: 'http' | 'kafka' | 'bus', answerCode?: string) =>
    context.ledger.recordCdr({
      key: cdrKey(cpoPartyId, input.cdrId),
      cpoPartyId,
      cdrId: input.cdrId,
      emspPartyId: context.world.evsp(input.evsp).partyId,
      step: step.key,
      door,
      planned: input.expected,
      answer,
      answerCode,
      sentAt,
    });

  if (step.door === 'kafka') {
    const intake = context.cdrIntake;
    if (!intake) return { outcome: 'NO_TOPIC_DOOR', expected: false, skipped: true };
    try {
      await intake.send(cpoPartyId, body, context.signingKey(context.world.cpo(input.cpo).index));
    } catch (error) {
      record('IN_DOUBT', intake.door);
      return {
        outcome: error instanceof Error ? `SEND_FAILED:${error.name}` : 'SEND_FAILED',
        expected: false,
        door: intake.door,
        value,
      };
    }
    record('SENT', intake.door);
    return { outcome: 'SENT', expected: true, door: intake.door, value };
  }

  let response: HttpResponse;
  try {
    response = await context.http.send({
      method: 'POST',
      url: `${context.urls.cdrs}/v1/cdrs`,
      apiKey: context.apiKey(context.world.cpo(input.cpo).index),
      body,
    });
  } catch (error) {
    record('IN_DOUBT', 'http');
    return { outcome: failureOutcome(error), expected: false, value };
  }
  if (response.status === 201 || response.status === 200) {
    record('FORWARDED', 'http');
    const outcome = response.status === 201 ? 'FORWARDED' : 'ALREADY_FORWARDED';
    const wanted = firstTime ? 'FORWARDED' : 'ALREADY_FORWARDED';
    return { outcome, expected: input.expected === 'FORWARDED' && outcome === wanted, value };
  }
  const code = errorOutcome(response);
  if (response.status === 422) {
    record('REJECTED', 'http', code);
    return { outcome: code, expected: code === input.expected, value };
  }
  record(response.status >= 500 ? 'IN_DOUBT' : 'REJECTED', 'http', code);
  return { outcome: code, expected: false, value };
}

/** IEC 63119-2 UC3-9: the CDR of a granted session, after the session ended. */
export const submitCdrHandler: OperationHandler = {
  operation: OPERATIONS.submitCdr,
  async execute(step, context, authorization) {
    if (authorization?.outcome !== 'ACCEPTED' || authorization.value === undefined) {
      return { outcome: 'SKIPPED', expected: false, skipped: true };
    }
    const body = cdrBody(step.input as CdrInput, authorization.value, Date.now());
    return sendCdr(step, context, body, true);
  },
};

/** The same CDR again, byte for byte (a CPO retry): the hub answers as before and forwards nothing new. */
export const resendCdrHandler: OperationHandler = {
  operation: OPERATIONS.resendCdr,
  async execute(step, context, first) {
    if (first?.value === undefined) return { outcome: 'SKIPPED', expected: false, skipped: true };
    return sendCdr(step, context, JSON.parse(first.value) as InboundCdrV1, false);
  },
};
