import { Injectable } from '@nestjs/common';
import { asDomainEvent, type Checkpoint, Database, EventStore, type SqlExecutor } from '@roaming/event-store';
import {
  type AnchorChainVerification,
  type AuditAnchor,
  auditExportLines,
  AuditReader,
  type GlobalHistoryFilter,
  verifyAnchorChain,
  verifyChains,
} from '@roaming/event-store/audit';
import { categoryOf, Clock, DomainError } from '@roaming/shared-kernel';
import { AppConfig } from '../../config/app-config';
import { AuditKeyring } from '../anchors/audit-keyring';
import { AnchorKeeper } from '../anchors/anchor-keeper';
import { AuditDeciders } from './audit-deciders';
import {
  type AnchorKeyView,
  auditedEvent,
  encodeHistoryCursor,
  type HistoryPageView,
  jsonSafe,
  type StateAsOfView,
  type StreamHistoryView,
  type VerificationView,
} from './audit-views';

export type VerificationScope = { streamName: string } | { category: string } | { everything: true };

/**
 * The auditor's view of this app's event store: read-only, always the stored form of events (what the hashes
 * cover). Verification runs in one REPEATABLE READ snapshot, so events appended meanwhile can never look like a
 * truncated stream.
 */
@Injectable()
export class AuditLog {
  private readonly reader: AuditReader;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly deciders: AuditDeciders,
    private readonly keyring: AuditKeyring,
    private readonly anchors: AnchorKeeper,
  ) {
    this.reader = new AuditReader(db);
  }

  async stream(streamName: string): Promise<StreamHistoryView> {
    const events = await this.reader.readStream(streamName);
    if (events.length === 0) throw streamNotFound(streamName);
    return {
      streamName,
      category: categoryOf(streamName),
      version: events[events.length - 1].streamPosition,
      events: events.map(auditedEvent),
      verification: await verifyChains(this.reader, { streamName }),
    };
  }

  async history(filter: GlobalHistoryFilter, after: Checkpoint | undefined, limit: number): Promise<HistoryPageView> {
    const events = await this.reader.readGlobal({ ...filter, after, limit });
    const last = events[events.length - 1];
    return {
      items: events.map(auditedEvent),
      nextCursor:
        events.length === limit && last
          ? encodeHistoryCursor({ transactionId: last.transactionId, globalPosition: last.globalPosition })
          : null,
    };
  }

  /**
   * The aggregate as it was at `asOf` (by the time the store recorded each event): its history up to then, upcast
   * to today's shapes and folded with the category's decider, exactly as a command handler would load it.
   */
  async stateAsOf(streamName: string, asOf: string | undefined): Promise<StateAsOfView> {
    const category = categoryOf(streamName);
    const entry = this.deciders.get(category);
    if (!entry) {
      throw DomainError.notFound('NO_DECIDER_FOR_CATEGORY', `this app has no decider for category ${category}`, {
        category,
        known: this.deciders.categories(),
      });
    }
    const all = await this.store.readStream(streamName);
    if (all.length === 0) throw streamNotFound(streamName);
    const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
    const events = cutoff === undefined ? all : all.filter((e) => Date.parse(e.recordedAt) <= cutoff);
    const state = events.reduce(
      (current, event) => entry.decider.evolve(current, asDomainEvent(event)),
      entry.decider.initialState(),
    );
    const last = events[events.length - 1];
    return {
      streamName,
      category,
      asOf: asOf ?? null,
      version: last?.streamPosition ?? 0,
      lastEventAt: last?.recordedAt ?? null,
      state: jsonSafe(state),
    };
  }

  async verify(scope: VerificationScope): Promise<VerificationView> {
    const verifiedAt = this.clock.now().toISOString();
    if ('streamName' in scope || 'category' in scope) {
      return this.inSnapshot(async (tx) => {
        const reader = new AuditReader(tx);
        const chains =
          'streamName' in scope
            ? await verifyChains(reader, { streamName: scope.streamName })
            : await verifyChains(reader, { categories: [scope.category] });
        if ('streamName' in scope && chains.streams === 0) throw streamNotFound(scope.streamName);
        return { valid: chains.valid, scope, verifiedAt, chains };
      });
    }
    // Anchored ranges hold settled events only, which no later append can change: they are checked beside the
    // snapshot, so that the database reads for the anchors overlap the hashing of the chains.
    const anchorsChecked = this.verifyAnchors();
    anchorsChecked.catch(() => undefined);
    const chains = await this.inSnapshot((tx) => verifyChains(new AuditReader(tx)));
    const anchors = await anchorsChecked;
    return { valid: chains.valid && anchors.valid, scope, verifiedAt, chains, anchors };
  }

  private async verifyAnchors(): Promise<AnchorChainVerification> {
    const anchorEvents = await this.reader.readStream(this.anchors.stream);
    return verifyAnchorChain(
      this.reader,
      anchorEvents.map((e) => e.data as AuditAnchor),
      this.keyring.signingKey?.publicKey,
    );
  }

  async exportStream(streamName: string): Promise<AsyncGenerator<string>> {
    const events = await this.reader.streamWithPreviousHash(streamName);
    if (events.length === 0) throw streamNotFound(streamName);
    return auditExportLines(this.exportHeader({ streamName }), single(events), this.keyring.signingKey);
  }

  exportHistory(filter: GlobalHistoryFilter): AsyncGenerator<string> {
    return auditExportLines(
      this.exportHeader({ ...filter }),
      this.reader.globalWithPreviousHash(filter),
      this.keyring.signingKey,
    );
  }

  anchorKey(): AnchorKeyView {
    const key = this.keyring.signingKey;
    if (!key) {
      throw DomainError.notFound('AUDIT_SIGNING_KEY_MISSING', 'this app has no audit signing key (AUDIT_SIGNING_KEY)');
    }
    return { algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKey.raw, pem: key.publicKey.pem };
  }

  private exportHeader(scope: Record<string, unknown>) {
    return { app: this.config.appName, scope, exportedAt: this.clock.now().toISOString() };
  }

  private inSnapshot<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return work(tx);
    });
  }
}

export function streamNotFound(streamName: string): DomainError {
  return DomainError.notFound('STREAM_NOT_FOUND', `stream ${streamName} has no events`, { streamName });
}

async function* single<T>(batch: T): AsyncGenerator<T> {
  yield batch;
}
