import { errorOutcome, failureOutcome, type HttpResponse, isRecord } from '../../drivers/http-driver';
import { cdrKey } from '../../inventory/ledger';
import type { DayContext, OperationHandler, StepResult } from '../operation';
import { type PullInput, PULL_OPERATION } from './cdr-pull.source';

/**
 * One page of GET /v1/cdrs after the EVSP's cursor. Every CDR it lists goes into the ledger: the inventory then
 * proves each forwarded CDR was listed once across all pulls (the cursor's "true delta").
 */
export async function pullCdrs(
  context: DayContext,
  evsp: number,
  limit: number,
): Promise<StepResult & { items: number }> {
  const party = context.world.evsp(evsp);
  const cursor = context.ledger.cursors.get(party.partyId);
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== undefined) query.set('cursor', cursor);
  let response: HttpResponse;
  try {
    response = await context.http.send({
      method: 'GET',
      url: `${context.urls.cdrs}/v1/cdrs?${query}`,
      apiKey: context.apiKey(party.index),
    });
  } catch (error) {
    return { outcome: failureOutcome(error), expected: false, items: 0 };
  }
  const body = response.body;
  if (response.status !== 200 || !isRecord(body) || !Array.isArray(body.items)) {
    return { outcome: errorOutcome(response), expected: false, items: 0 };
  }
  const seenAt = Date.now();
  for (const item of body.items) {
    if (isRecord(item) && typeof item.cpoPartyId === 'string' && typeof item.cdrId === 'string') {
      context.ledger.pulled.push({ puller: party.partyId, key: cdrKey(item.cpoPartyId, item.cdrId), seenAt });
    }
  }
  if (typeof body.nextCursor === 'string') context.ledger.cursors.set(party.partyId, body.nextCursor);
  return { outcome: 'OK', expected: true, items: body.items.length };
}

export const pullCdrsHandler: OperationHandler = {
  operation: PULL_OPERATION,
  execute: async (step, context) => {
    const { items: _items, ...result } = await pullCdrs(
      context,
      (step.input as PullInput).evsp,
      context.world.parameters.day.pullLimit,
    );
    return result;
  },
};
