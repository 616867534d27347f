import type { Database } from '@roaming/event-store';
import { isRecord } from '../drivers/http-driver';
import type { OutboundObserver } from '../observe/outbound-observer';
import type { World } from '../scenario/world';
import { pullCdrs } from '../traffic/cdr-pull/cdr-pull.handler';
import type { DayContext } from '../traffic/operation';
import type { StoredCdrVerdicts, StoredDecision } from './inventory-check';
import { cdrKey, type Ledger, type SubmittedCdr } from './ledger';

/**
 * The decisions the authorization context stored for the scenario's CPOs, straight from its event store: one row per
 * authorization stream with its number of decision events.
 */
export async function readStoredDecisions(db: Database, cpoParties: readonly string[]): Promise<StoredDecision[]> {
  const { rows } = await db.query<{ stream_name: string; events: string; type: string; reason: string | null }>(
    `SELECT stream_name, count(*)::text AS events, max(type) AS type, max(data->>'reason') AS reason
       FROM es.events
      WHERE category = 'authorization'
        AND type IN ('AuthorizationGranted', 'AuthorizationDenied')
        AND data->>'cpoPartyId' = ANY($1::text[])
      GROUP BY stream_name`,
    [[...cpoParties]],
  );
  return rows.map((row) => ({
    authorizationId: row.stream_name.slice('authorization-'.length),
    outcome: row.type === 'AuthorizationGranted' ? 'ACCEPTED' : `DENIED:${row.reason}`,
    events: Number(row.events),
  }));
}

/** The CDR verdicts the cdr-forwarding context stored for the scenario's CPOs. */
export async function readStoredCdrVerdicts(db: Database, cpoParties: readonly string[]): Promise<StoredCdrVerdicts[]> {
  const { rows } = await db.query<{
    cpo: string;
    cdr: string;
    forwarded: string;
    rejected: string;
    code: string | null;
  }>(
    `SELECT data->>'cpoPartyId' AS cpo, data->>'cdrId' AS cdr,
            count(*) FILTER (WHERE type = 'CdrForwarded')::text AS forwarded,
            count(*) FILTER (WHERE type = 'CdrRejected')::text AS rejected,
            max(data->>'code') FILTER (WHERE type = 'CdrRejected') AS code
       FROM es.events
      WHERE category = 'cdr'
        AND type IN ('CdrForwarded', 'CdrRejected')
        AND data->>'cpoPartyId' = ANY($1::text[])
      GROUP BY 1, 2`,
    [[...cpoParties]],
  );
  return rows.map((row) => ({
    key: cdrKey(row.cpo, row.cdr),
    forwarded: Number(row.forwarded),
    rejected: Number(row.rejected),
    ...(row.code ? { rejectionCode: row.code } : {}),
  }));
}

/**
 * Without store access: each answered decision read back through GET /v1/authorizations/{id} as the CPO that asked
 * (a read model, so it waits for it to appear). Proves the decision is kept with its outcome; it cannot see extras.
 */
export async function readDecisionsOverHttp(
  context: DayContext,
  ledger: Ledger,
  timeoutMs: number,
): Promise<StoredDecision[]> {
  const cpoIndex = new Map<string, number>();
  for (let c = 0; c < context.world.parameters.cpos; c++) cpoIndex.set(context.world.cpo(c).partyId, c);
  const cpoIndexOf = (id: string) => {
    const party = ledger.decisions.get(id)?.cpoPartyId;
    return party === undefined ? undefined : cpoIndex.get(party);
  };
  const ids = [...ledger.decisions.keys()];
  const found: StoredDecision[] = [];
  let next = 0;
  const deadline = Date.now() + timeoutMs;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const cpo = cpoIndexOf(id);
      if (cpo === undefined) continue;
      while (Date.now() < deadline) {
        const response = await context.http
          .send({
            method: 'GET',
            url: `${context.urls.authorization}/v1/authorizations/${id}`,
            apiKey: context.apiKey(context.world.cpo(cpo).index),
          })
          .catch(() => undefined);
        if (response?.status === 200 && isRecord(response.body)) {
          const body = response.body;
          const outcome = body.status === 'ACCEPTED' ? 'ACCEPTED' : `DENIED:${String(body.reason)}`;
          found.push({ authorizationId: id, outcome, events: 1 });
          break;
        }
        if (response && response.status !== 404) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  await Promise.all([...Array(8).keys()].map(worker));
  return found;
}

/** The CDRs the hub accepted, which must arrive on the EVSPs' topics and in their pulls. */
export function acceptedCdrs(ledger: Ledger): SubmittedCdr[] {
  return [...ledger.cdrs.values()].filter(
    (c) => c.answer === 'FORWARDED' || (c.answer === 'SENT' && c.planned === 'FORWARDED'),
  );
}

export interface SettleOutcome {
  /** Seconds the drain took. */
  seconds: number;
  /** Whether everything expected showed up before the timeout (the inventory then names what did not). */
  complete: boolean;
  drainPulls: number;
}

/**
 * After the day: keeps pulling every EVSP's CDRs (with its own cursor, exactly like during the day) and watches the
 * outbound topics until every accepted CDR has shown up in both, or `timeoutMs` passed. Refusals sent on the topic
 * door are awaited on the CPOs' topics too. Polls; nothing here sleeps for a fixed time to "let things settle".
 */
export async function drainDeliveries(
  context: DayContext,
  world: World,
  observer: OutboundObserver | undefined,
  timeoutMs: number,
): Promise<SettleOutcome> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const ledger = context.ledger;
  let drainPulls = 0;
  for (;;) {
    const accepted = acceptedCdrs(ledger);
    const listed = new Set(ledger.pulled.map((p) => p.key));
    const waitingByEvsp = new Set(accepted.filter((c) => !listed.has(c.key)).map((c) => c.emspPartyId));
    for (let e = 0; e < world.parameters.evsps; e++) {
      if (!waitingByEvsp.has(world.evsp(e).partyId)) continue;
      // Page until a short page: a backlog bigger than one page drains in one round.
      for (;;) {
        const page = await pullCdrs(context, e, 2000);
        drainPulls++;
        if (page.items < 2000) break;
      }
    }
    const nowListed = new Set(ledger.pulled.map((p) => p.key));
    const pullsDone = accepted.every((c) => nowListed.has(c.key));
    let topicsDone = true;
    if (observer) {
      const seen = new Set(observer.observations.map((o) => `${o.type}|${cdrKey(o.cpoPartyId, o.cdrId)}`));
      topicsDone =
        accepted.every((c) => seen.has(`CdrForwarded|${c.key}`)) &&
        [...ledger.cdrs.values()]
          .filter((c) => c.answer === 'SENT' && c.planned !== 'FORWARDED')
          .every((c) => seen.has(`CdrRejected|${c.key}`));
    }
    if (pullsDone && topicsDone) {
      // One more pull of every EVSP: anything listed now would be a duplicate or a stranger, which the inventory names.
      for (let e = 0; e < world.parameters.evsps; e++) {
        for (;;) {
          const page = await pullCdrs(context, e, 2000);
          drainPulls++;
          if (page.items < 2000) break;
        }
      }
      return { seconds: (performance.now() - started) / 1000, complete: true, drainPulls };
    }
    if (Date.now() > deadline) {
      return { seconds: (performance.now() - started) / 1000, complete: false, drainPulls };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
