import { Logger } from '@nestjs/common';
import {
  type Checkpoint,
  CheckpointedProcessor,
  type Database,
  type EventStore,
  type RecordedEvent,
  runMigrations,
  type SqlExecutor,
} from '@roaming/event-store';
import { compareCheckpoints } from '@roaming/event-store/audit';
import { DomainError } from '@roaming/shared-kernel';
import { projectionVersionsMigrations } from './projection-versions.migrations';

/**
 * A read model that can be rebuilt from the event store without query downtime (house-style §8: "rebuild = new
 * processor id/version writing to a new table, swap when caught up"). A context describes its projection once;
 * `VersionedProjection` runs the active version and, on request, the next one beside it.
 */
export interface VersionedProjectionDefinition {
  /** Unique per database, e.g. `authz.authorizations`; processor ids are `<name>:v<version>`. */
  name: string;
  categories: readonly string[];
  /** The table of a version (trusted text, never from a request). Version 1 may keep its historical name. */
  table(version: number): string;
  /** Idempotent DDL (IF NOT EXISTS) creating the empty table of a version. */
  createTable(table: string): string;
  /** Applies a batch to `table`, inside the transaction that also moves the version's checkpoint. */
  project(events: readonly RecordedEvent[], tx: SqlExecutor, table: string): Promise<void>;
  batchSize?: number;
}

export interface ProjectionStatus {
  projection: string;
  categories: readonly string[];
  activeVersion: number;
  table: string;
  processorId: string;
  switchedAt: string | null;
  rebuilding: {
    version: number;
    table: string;
    processorId: string;
    startedAt: string | null;
    /** Set when the last attempt failed; a new rebuild request resumes it. */
    lastError: string | null;
  } | null;
}

interface VersionRow {
  active_version: number;
  rebuilding_version: number | null;
  rebuild_started_at: string | Date | null;
  switched_at: string | Date | null;
}

interface RunningVersion {
  version: number;
  processor: CheckpointedProcessor;
}

interface RebuildRun extends RunningVersion {
  done: Promise<void>;
  finished: boolean;
  readonly lastError: string | null;
}

const REBUILD_POLL_MS = 100;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Runs the active version of a projection and rebuilds it into a new version on request: the new version's processor
 * starts from the beginning of the store into its own table while queries keep reading the active table; once it has
 * caught up with the live processor, one UPDATE makes it active, `table()` answers the new table, and the old
 * processor stops. The old table is kept (no hard deletes). Other instances of the app follow within
 * `refreshIntervalMs`; until then they serve the old table, which their still running old processor keeps current.
 */
export class VersionedProjection {
  private active?: RunningVersion;
  private rebuilding?: RebuildRun;
  private started = false;
  private stopping = false;
  private refresher?: NodeJS.Timeout;
  private initialized?: Promise<void>;
  private readonly logger: Logger;

  constructor(
    protected readonly db: Database,
    protected readonly store: EventStore,
    readonly definition: VersionedProjectionDefinition,
    private readonly refreshIntervalMs = 5_000,
  ) {
    this.logger = new Logger(`Projection ${definition.name}`);
  }

  get name(): string {
    return this.definition.name;
  }

  /** The table queries read now. Before the first catch-up that is version 1's. */
  table(): string {
    return this.definition.table(this.active?.version ?? 1);
  }

  get processorId(): string {
    return this.processorIdOf(this.active?.version ?? 1);
  }

  processorIdOf(version: number): string {
    return `${this.definition.name}:v${version}`;
  }

  /** Handles everything appended so far with the active version. */
  async catchUp(): Promise<number> {
    await this.initialize();
    return this.activeVersion().processor.catchUp();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    void this.initialize()
      .then(async () => {
        if (!this.started) return;
        this.activeVersion().processor.start();
        // A rebuild that a crash interrupted carries on.
        const row = await this.readRow();
        if (row.rebuilding_version !== null && !this.rebuilding) this.runRebuild(row.rebuilding_version);
      })
      .catch((error: Error) => this.logger.error(`could not start: ${error.message}`));
    this.refresher = setInterval(() => {
      this.refresh().catch((error: Error) => this.logger.warn(`refresh failed: ${error.message}`));
    }, this.refreshIntervalMs);
    this.refresher.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.refresher) clearInterval(this.refresher);
    await this.rebuilding?.done;
    await Promise.all([this.active?.processor.stop(), this.rebuilding?.processor.stop()]);
  }

  async checkpoint(): Promise<Checkpoint> {
    await this.initialize();
    return this.activeVersion().processor.checkpoint();
  }

  async status(): Promise<ProjectionStatus> {
    await this.initialize();
    const row = await this.readRow();
    const rebuildingVersion = row.rebuilding_version;
    return {
      projection: this.name,
      categories: this.definition.categories,
      activeVersion: this.activeVersion().version,
      table: this.table(),
      processorId: this.processorId,
      switchedAt: isoOrNull(row.switched_at),
      rebuilding:
        rebuildingVersion === null
          ? null
          : {
              version: rebuildingVersion,
              table: this.definition.table(rebuildingVersion),
              processorId: this.processorIdOf(rebuildingVersion),
              startedAt: isoOrNull(row.rebuild_started_at),
              lastError: this.rebuilding?.version === rebuildingVersion ? this.rebuilding.lastError : null,
            },
    };
  }

  /**
   * Starts building the next version (or resumes the one in progress) and returns at once; the switch happens when
   * it has caught up. `whenRebuilt()` waits for it.
   */
  async rebuild(): Promise<ProjectionStatus> {
    await this.initialize();
    const claimed = await this.db.query<{ rebuilding_version: number }>(
      `UPDATE projections.versions
         SET rebuilding_version = COALESCE(rebuilding_version, active_version + 1),
             rebuild_started_at = COALESCE(rebuild_started_at, now()), updated_at = now()
       WHERE projection = $1 RETURNING rebuilding_version`,
      [this.name],
    );
    const version = claimed.rows[0].rebuilding_version;
    // A run that is still going (even retrying a failing batch) is not started twice.
    if (!this.rebuilding || this.rebuilding.finished) this.runRebuild(version);
    return this.status();
  }

  /** Resolves when the rebuild running in this process has switched (or failed). */
  async whenRebuilt(): Promise<void> {
    await this.rebuilding?.done;
  }

  /** Follows a switch made by another instance. */
  async refresh(): Promise<void> {
    if (!this.active) return;
    const row = await this.readRow();
    if (row.active_version !== this.active.version && !this.rebuilding) {
      await this.makeActive({ version: row.active_version, processor: this.processorFor(row.active_version) });
    }
  }

  private runRebuild(version: number): void {
    const outcome = { lastError: null as string | null };
    const processor = this.processorFor(version, (error) => (outcome.lastError = error?.message ?? null));
    const run: RebuildRun = {
      version,
      processor,
      finished: false,
      done: Promise.resolve(),
      get lastError() {
        return outcome.lastError;
      },
    };
    run.done = this.rebuildInto(run)
      .catch(async (error: Error) => {
        outcome.lastError = error.message;
        this.logger.error(`rebuild of version ${version} failed: ${error.message}`);
        await processor.stop();
      })
      .finally(() => (run.finished = true));
    this.rebuilding = run;
  }

  /**
   * Runs the new version in the background (so stop() ends it after its batch in flight) and switches once its
   * checkpoint has reached the live version's: from then on the new table holds at least what the old one did.
   */
  private async rebuildInto(run: RebuildRun): Promise<void> {
    await this.db.query(this.definition.createTable(this.definition.table(run.version)));
    this.logger.log(`rebuilding into version ${run.version} (${this.definition.table(run.version)})`);
    run.processor.start();
    for (;;) {
      if (this.stopping) return;
      const [mine, live] = await Promise.all([run.processor.checkpoint(), this.activeVersion().processor.checkpoint()]);
      if (compareCheckpoints(mine, live) >= 0 && run.lastError === null) break;
      await pause(REBUILD_POLL_MS);
    }
    const switched = await this.db.query(
      `UPDATE projections.versions
         SET active_version = $2, rebuilding_version = NULL, rebuild_started_at = NULL, switched_at = now(),
             updated_at = now()
       WHERE projection = $1 AND rebuilding_version = $2`,
      [this.name, run.version],
    );
    this.rebuilding = undefined;
    if (switched.rowCount === 0) {
      // Another instance switched first: follow whatever is active now.
      await run.processor.stop();
      await this.refresh();
      return;
    }
    await this.makeActive(run);
    this.logger.log(`version ${run.version} is active: queries read ${this.table()}`);
  }

  private async makeActive(next: RunningVersion): Promise<void> {
    const previous = this.active;
    this.active = next;
    // A rebuilt version is already running; keep it running only if the projection is.
    if (this.started) next.processor.start();
    else await next.processor.stop();
    await previous?.processor.stop();
  }

  private initialize(): Promise<void> {
    this.initialized ??= (async () => {
      await runMigrations(this.db, projectionVersionsMigrations);
      await this.db.query(
        `INSERT INTO projections.versions (projection, active_version) VALUES ($1, 1) ON CONFLICT DO NOTHING`,
        [this.name],
      );
      const { active_version: version } = await this.readRow();
      await this.db.query(this.definition.createTable(this.definition.table(version)));
      this.active = { version, processor: this.processorFor(version) };
    })().catch((error) => {
      this.initialized = undefined;
      throw error;
    });
    return this.initialized;
  }

  private activeVersion(): RunningVersion {
    if (!this.active) throw new Error(`projection ${this.name} is not initialized`);
    return this.active;
  }

  private async readRow(): Promise<VersionRow> {
    const { rows } = await this.db.query<VersionRow>(
      `SELECT active_version, rebuilding_version, rebuild_started_at, switched_at
       FROM projections.versions WHERE projection = $1`,
      [this.name],
    );
    if (!rows[0]) throw DomainError.notFound('PROJECTION_NOT_FOUND', `projection ${this.name} is not registered`);
    return rows[0];
  }

  /** `onBatch` hears each batch's outcome: the error that failed it, or undefined once one succeeds. */
  private processorFor(version: number, onBatch?: (error: Error | undefined) => void): CheckpointedProcessor {
    const table = this.definition.table(version);
    return new CheckpointedProcessor({
      processorId: this.processorIdOf(version),
      store: this.store,
      categories: this.definition.categories,
      batchSize: this.definition.batchSize,
      logger: new Logger(`Projection ${this.processorIdOf(version)}`),
      handle: async (events, tx) => {
        try {
          await this.definition.project(events, tx, table);
          onBatch?.(undefined);
        } catch (error) {
          onBatch?.(error as Error);
          throw error;
        }
      },
    });
  }
}

function isoOrNull(value: string | Date | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
