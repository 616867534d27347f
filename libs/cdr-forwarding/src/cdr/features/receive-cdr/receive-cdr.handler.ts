import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand, type SqlExecutor, WrongExpectedVersionError } from '@roaming/event-store';
import { CLEARING_HOUSE_NAMESPACE, Clock, DomainError, uuidV5 } from '@roaming/shared-kernel';
import {
  type CdrEvent,
  type CdrFacts,
  CdrInvalidError,
  type CdrRecord,
  cdrDecider,
  type CdrForeignEvseRefused,
  cdrRefusalStream,
  cdrStream,
  type ParsedCdr,
  parseCdrSubmission,
  type CdrState,
  type ReceiveCdr,
  sessionKeysOf,
} from '../../domain';
import { AcceptedIndexConflict, type AcceptedRecord, CdrFactsLookup, indexAcceptedRecords } from './cdr-facts.lookup';
import { CdrPriceChecker } from './cdr-price-check';
import { recordRevision, type RevisedReconciliation, revisedReconciliations } from './revision-reconciliation';
import { CdrIntakeSettings } from '../../config/cdr-intake.settings';
import { ReceiveCdrCommand, type ReceiveCdrContext, type ReceiveCdrResult } from './receive-cdr.command';

/** One submission of a batch, parsed and owned, or why not. */
export type IntakeItem = { ok: true; parsed: ParsedCdr; causationId?: string } | { ok: false; error: DomainError };

const RETRIES = 3;

/**
 * Receives records from every door: parses each with the value objects (every structural fault at once: 400,
 * nothing appended), checks that the submitter operates the EVSE (403, the attempt recorded), looks up the facts
 * of all records of the call in one query, and lets the decider record and judge each on the stream of its natural
 * key (CPO party + record id), so a re-send meets the first submission. Decisions and the accepted-records index
 * commit in one transaction (the consumer's, or one per REST call); a concurrent claim of the same session rolls it
 * back and the call is decided again.
 */
@CommandHandler(ReceiveCdrCommand)
export class ReceiveCdrHandler implements ICommandHandler<ReceiveCdrCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly facts: CdrFactsLookup,
    private readonly prices: CdrPriceChecker,
    private readonly settings: CdrIntakeSettings,
    private readonly clock: Clock,
  ) {}

  async execute({ submission, submitterPartyIds, context }: ReceiveCdrCommand): Promise<ReceiveCdrResult> {
    const item = this.prepare(submission, submitterPartyIds);
    if (!item.ok) {
      await this.recordRefusals([{ item, submitterPartyIds }], context.tx);
      throw item.error;
    }
    const [result] = await this.receiveMany([item], context);
    if (result.status === 'CONFLICT') throw result.error;
    return result;
  }

  /** Parses a submission and checks its ownership, without I/O. */
  prepare(submission: ReceiveCdrCommand['submission'], submitterPartyIds: readonly string[]): IntakeItem {
    let parsed: ParsedCdr;
    try {
      parsed = parseCdrSubmission(submission);
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error };
      throw error;
    }
    const { record } = parsed;
    if (!submitterPartyIds.includes(record.cpoPartyId)) {
      return {
        ok: false,
        error: DomainError.forbidden(
          'EVSE_NOT_OWNED',
          `EVSE ${record.evseId} belongs to operator ${record.cpoPartyId}, which is not one of the submitter's parties`,
          {
            field: 'evseId',
            rule: 'own-evse',
            operatorId: record.cpoPartyId,
            cdrId: record.cdrId,
            evseId: record.evseId,
          },
        ),
      };
    }
    return { ok: true, parsed };
  }

  /** Keeps the refused attempts on another operator's EVSE in the audit trail (nothing else is recorded for them). */
  async recordRefusals(
    refusals: readonly { item: IntakeItem; submitterPartyIds: readonly string[]; messageId?: string }[],
    tx?: SqlExecutor,
  ): Promise<void> {
    const refusedAt = this.clock.now().toISOString();
    for (const { item, submitterPartyIds, messageId } of refusals) {
      if (item.ok || item.error.code !== 'EVSE_NOT_OWNED') continue;
      const { cdrId, operatorId } = item.error.details as { cdrId: string; operatorId: string };
      const event: CdrForeignEvseRefused = {
        type: 'CdrForeignEvseRefused',
        data: {
          submitterPartyIds: [...submitterPartyIds],
          cdrId,
          evseId: String((item.error.details as { evseId?: string }).evseId ?? ''),
          operatorPartyId: operatorId,
          refusedAt,
        },
      };
      const stream = cdrRefusalStream(submitterPartyIds, cdrId);
      // A redelivered message (same id) records its refusal once.
      const id = messageId ? uuidV5(`${stream}:${messageId}`, CLEARING_HOUSE_NAMESPACE) : undefined;
      await this.store.append(stream, [{ ...event, messageId: id }], { tx });
    }
  }

  /**
   * Decides many prepared records in one transaction: the caller's (`context.tx`), else one of its own, retried
   * when a concurrent writer got to a stream, a session or a credit target first.
   */
  async receiveMany(
    items: readonly Extract<IntakeItem, { ok: true }>[],
    context: ReceiveCdrContext,
  ): Promise<ReceiveCdrResult[]> {
    if (context.tx) return this.decideIn(context.tx, items, context);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.decideIn(tx, items, context));
      } catch (error) {
        // A concurrent writer got there first (unique key, expected version), or PostgreSQL chose this transaction
        // to break a deadlock or a serialization conflict: all rolled back, so deciding again is safe.
        const code = (error as { code?: string }).code;
        const retryable =
          error instanceof AcceptedIndexConflict ||
          error instanceof WrongExpectedVersionError ||
          code === '23505' ||
          code === '40P01' ||
          code === '40001';
        if (!retryable || attempt >= RETRIES) throw error;
      }
    }
  }

  private async decideIn(
    tx: SqlExecutor,
    items: readonly Extract<IntakeItem, { ok: true }>[],
    context: ReceiveCdrContext,
  ): Promise<ReceiveCdrResult[]> {
    const looked = await this.facts.factsFor(
      tx,
      items.map((i) => i.parsed),
    );
    // The price check (IEC 63119 6.4.2) of every routable record, against the tariffs of the call's CPOs.
    const routable = items.filter((_, i) => looked[i].routing.agreementId !== null);
    const versions =
      routable.length === 0
        ? []
        : await this.prices.versionsOf(
            tx,
            routable.map((i) => i.parsed.record.cpoPartyId),
          );
    const requireKnownEvse = this.settings.unknownEvse === 'reject';
    const reconciliations = await revisedReconciliations(
      this.store,
      tx,
      items.map((i) => i.parsed.record),
    );
    const allFacts = looked.map((found, i): CdrFacts => {
      const reconciliation = reconciliations.get(i);
      const current =
        reconciliation && found.reference
          ? {
              ...found,
              reference: {
                ...found.reference,
                reconciliationState: reconciliation.state.status === 'none' ? null : reconciliation.state.status,
              },
            }
          : found;
      const facts = requireKnownEvse ? current : { ...current, requireKnownEvse };
      if (facts.routing.agreementId === null) return facts;
      const record = items[i].parsed.record;
      const timeZone = record.timeZone ?? facts.evse?.timeZone ?? 'UTC';
      const priceCheck = this.prices.check(record, facts.routing.negotiatedTariffId ?? null, timeZone, versions);
      return { ...facts, priceCheck };
    });
    const receivedAt = this.clock.now().toISOString();
    // Claims made earlier in this same call, which the one lookup could not see yet.
    const claimed = new Map<string, string>();
    const referenced = new Map<string, { credit?: string; revision?: string }>();
    const accepted: AcceptedRecord[] = [];
    const revisions: { index: number; record: CdrRecord; emspPartyId: string }[] = [];
    const results: (ReceiveCdrResult | undefined)[] = new Array(items.length);
    const metadataOf = (causationId?: string) => ({
      correlationId: context.correlationId ?? causationId,
      causationId: causationId ?? context.causationId,
      actor: context.actor,
      channel: context.channel,
    });
    const conclude = (index: number, record: CdrRecord, state: CdrState, newEvents: readonly CdrEvent[]) => {
      const base = { cdrId: record.cdrId, cpoPartyId: record.cpoPartyId };
      if (state.status === 'forwarded') {
        const newlyForwarded = newEvents.some((e) => e.type === 'CdrForwarded');
        if (newlyForwarded) {
          accepted.push({ record, emspPartyId: state.emspPartyId });
          if (record.revisionOf) revisions.push({ index, record, emspPartyId: state.emspPartyId });
          if (!record.creditOf && !record.revisionOf) {
            for (const key of sessionKeysOf(record)) claimed.set(`${record.cpoPartyId}|${key}`, record.cdrId);
          }
          const ref = record.creditOf ?? record.revisionOf;
          if (ref) {
            const marks = referenced.get(`${record.cpoPartyId}|${ref}`) ?? {};
            if (record.creditOf) marks.credit = record.cdrId;
            else marks.revision = record.cdrId;
            referenced.set(`${record.cpoPartyId}|${ref}`, marks);
          }
        }
        results[index] = { ...base, status: 'FORWARDED', emspPartyId: state.emspPartyId, newlyForwarded };
      } else if (state.status === 'rejected') {
        results[index] = {
          ...base,
          status: 'REJECTED',
          emspPartyId: state.emspPartyId,
          code: state.code,
          reason: state.reason,
          violations: state.violations,
        };
      } else {
        // The decider always ends a submission in one of the two verdicts.
        throw new Error(
          `CDR ${record.cdrId} of ${record.cpoPartyId} has no verdict after ReceiveCdr (${state.status})`,
        );
      }
    };

    // Pass 1, the common case at volume: records whose stream and session occur once in the call are decided as new
    // records and appended together (two statements for the batch). One whose stream exists after all (a re-send, a
    // correction) fails its 'no_stream' expectation alone, writes nothing, and goes to pass 2.
    const streams = items.map(({ parsed }) => cdrStream(parsed.record.cpoPartyId, parsed.record.cdrId));
    // Both session keys (session id and authorization): a record sharing either with another of the call goes to pass 2.
    const sessions = items.map(({ parsed }) =>
      sessionKeysOf(parsed.record).map((key) => `${parsed.record.cpoPartyId}|${key}`),
    );
    const occurrences = (values: readonly (string | null)[]) => {
      const counts = new Map<string, number>();
      for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      return counts;
    };
    const streamCounts = occurrences(streams);
    const sessionCounts = occurrences(sessions.flat());
    const fast: { index: number; events: CdrEvent[] }[] = [];
    const slow: number[] = [];
    items.forEach(({ parsed }, index) => {
      const alone =
        streamCounts.get(streams[index]) === 1 && sessions[index].every((key) => sessionCounts.get(key) === 1);
      if (!alone) return slow.push(index);
      const command: ReceiveCdr = {
        type: 'ReceiveCdr',
        data: { cdr: parsed.record, receivedAt, facts: allFacts[index] },
      };
      fast.push({ index, events: cdrDecider.decide(command, cdrDecider.initialState()) });
    });
    const outcomes = await this.store.appendMany(
      fast.map(({ index, events }) => ({
        streamName: streams[index],
        events: events.map((e) => ({ type: e.type, data: e.data, metadata: metadataOf(items[index].causationId) })),
        expectedVersion: 'no_stream' as const,
      })),
      tx,
    );
    outcomes.forEach((outcome, i) => {
      const { index, events } = fast[i];
      if (!outcome.ok) {
        if (!(outcome.error instanceof WrongExpectedVersionError)) throw outcome.error;
        slow.push(index);
        return;
      }
      const state = events.reduce(cdrDecider.evolve, cdrDecider.initialState());
      conclude(index, items[index].parsed.record, state, events);
    });

    // Pass 2: the others one by one on their streams' history, in the order sent.
    for (const index of slow.sort((a, b) => a - b)) {
      const { parsed, causationId } = items[index];
      const { record } = parsed;
      const facts = withBatchClaims(record, allFacts[index], claimed, referenced);
      const command: ReceiveCdr = { type: 'ReceiveCdr', data: { cdr: record, receivedAt, facts } };
      try {
        const { state, newEvents } = await handleCommand(this.store, streams[index], cdrDecider, command, {
          tx,
          metadata: metadataOf(causationId),
        });
        conclude(index, record, state, newEvents);
      } catch (error) {
        // Thrown by decide, before anything was written: the other records of the call go on.
        if (error instanceof DomainError && error.code === 'CDR_DUPLICATE_DIFFERENT') {
          results[index] = { cdrId: record.cdrId, cpoPartyId: record.cpoPartyId, status: 'CONFLICT', error };
          continue;
        }
        throw error;
      }
    }
    // Pass 3: each forwarded revision marks the record it replaces REVISED, in this transaction.
    for (const { index, record, emspPartyId } of revisions) {
      const reconciliation = reconciliations.get(index) as RevisedReconciliation;
      await recordRevision(
        this.store,
        tx,
        { record, emspPartyId, reconciliation, now: receivedAt },
        metadataOf(items[index].causationId),
      );
    }
    await indexAcceptedRecords(tx, accepted);
    return results as ReceiveCdrResult[];
  }
}

function withBatchClaims(
  record: CdrRecord,
  facts: CdrFacts,
  claimed: ReadonlyMap<string, string>,
  referenced: ReadonlyMap<string, { credit?: string; revision?: string }>,
): CdrFacts {
  const claim = sessionKeysOf(record)
    .map((key) => claimed.get(`${record.cpoPartyId}|${key}`))
    .find((cdrId) => cdrId !== undefined);
  const ref = record.creditOf ?? record.revisionOf;
  const marks = ref ? referenced.get(`${record.cpoPartyId}|${ref}`) : undefined;
  if (!claim && !marks) return facts;
  return {
    ...facts,
    sessionClaimedBy: facts.sessionClaimedBy ?? claim ?? null,
    reference:
      facts.reference && marks
        ? {
            ...facts.reference,
            creditedBy: facts.reference.creditedBy ?? marks.credit ?? null,
            revisedBy: facts.reference.revisedBy ?? marks.revision ?? null,
          }
        : facts.reference,
  };
}

export { CdrInvalidError };
