import { AuditReader, replayCategory } from '@roaming/event-store/audit';
import { categoryOf } from '@roaming/shared-kernel';
import { type CliArguments, UsageError } from '../cli-arguments';
import { CATEGORY_NOTES, KNOWN_DECIDERS } from '../known-deciders';
import { openReadOnly } from '../read-only-database';

/**
 * `replay --database-url <url> (--stream <name> | --category <c>) [--as-of <ISO time>] [--summary]`: rebuilds
 * aggregate states from an app's PostgreSQL by folding their events with the context's decider, as of a time.
 * A stream prints its events and state; a category prints every stream's state (or, with --summary, the counts and
 * the replay rate). An audit read, never a re-send: it shows the streams as stored, so a category whose facts are
 * partly kept in another category's streams (cdrDelivery: a TOPIC record before its acknowledgement) says where, in
 * the report's `note` (CATEGORY_NOTES).
 */
export async function replayCommand(
  args: CliArguments,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; report: unknown }> {
  const stream = args.options.get('stream');
  const category = args.options.get('category') ?? (stream ? categoryOf(stream) : undefined);
  if (!category) throw new UsageError('replay needs --stream <name> or --category <category>');
  const fold = KNOWN_DECIDERS.get(category);
  if (!fold) {
    throw new UsageError(`no decider known for category ${category} (known: ${[...KNOWN_DECIDERS.keys()].join(', ')})`);
  }
  const noted = CATEGORY_NOTES.has(category) ? { note: CATEGORY_NOTES.get(category) } : {};
  const asOf = args.options.get('as-of');
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw new UsageError('--as-of must be an ISO-8601 time');
  const db = openReadOnly(args.options.get('database-url') ?? env.DATABASE_URL);
  try {
    const reader = new AuditReader(db);
    if (stream) {
      const cutoff = asOf === undefined ? Infinity : Date.parse(asOf);
      const events = (await reader.readStream(stream)).filter((e) => Date.parse(e.recordedAt) <= cutoff);
      if (events.length === 0) {
        return { ok: false, report: { stream, asOf: asOf ?? null, error: 'no events', ...noted } };
      }
      const state = events.reduce((s, e) => fold.evolve(s, e), fold.initialState());
      return {
        ok: true,
        report: {
          stream,
          asOf: asOf ?? null,
          version: events[events.length - 1].streamPosition,
          events: events.map((e) => ({
            streamPosition: e.streamPosition,
            globalPosition: e.globalPosition,
            type: e.type,
            recordedAt: e.recordedAt,
            data: e.data,
            hash: e.hash,
          })),
          state,
        },
      };
    }
    const started = process.hrtime.bigint();
    const replayed = await replayCategory(reader, category, fold, { asOf });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const summary = {
      category,
      asOf: asOf ?? null,
      streams: replayed.streams.size,
      events: replayed.events,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(replayed.events / Math.max(seconds, 1e-9)),
      ...noted,
    };
    if (args.options.has('summary') || args.positional.includes('summary')) return { ok: true, report: summary };
    return { ok: true, report: { ...summary, states: Object.fromEntries(replayed.streams) } };
  } finally {
    await db.close();
  }
}
