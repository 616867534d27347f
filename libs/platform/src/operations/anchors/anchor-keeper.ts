import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, EventStore, GENESIS_HASH, START, WrongExpectedVersionError } from '@roaming/event-store';
import {
  AUDIT_ANCHOR_CATEGORY,
  AUDIT_ANCHOR_RECORDED,
  type AuditAnchor,
  AuditReader,
  compareCheckpoints,
  digestRange,
  FIRST_ANCHOR_LINK,
  signAnchor,
} from '@roaming/event-store/audit';
import { Clock, DomainError, streamName } from '@roaming/shared-kernel';
import { AppConfig } from '../../config/app-config';
import { OPERATIONS_OPTIONS, type OperationsOptions } from '../operations.options';
import { AuditKeyring } from './audit-keyring';

const DEFAULT_ANCHOR_INTERVAL_MS = 60_000;

export interface AnchorOutcome {
  /** The newest anchor (null when the store holds nothing to anchor yet). */
  anchor: AuditAnchor | null;
  /** False when nothing but anchors was appended since the newest one, so no new anchor was needed. */
  recorded: boolean;
}

/**
 * Records signed anchors over this app's global sequence (ARCHITECTURE.md §5) in `auditAnchor-<app>`: periodically
 * and on demand. Each covers the settled events after the previous anchor, so anchors chain without gaps or overlaps,
 * and never cover an event a transaction in flight could still put before it.
 */
@Injectable()
export class AnchorKeeper {
  private readonly logger = new Logger(AnchorKeeper.name);
  private readonly reader: AuditReader;
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly keyring: AuditKeyring,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {
    this.reader = new AuditReader(db);
  }

  get stream(): string {
    return streamName(AUDIT_ANCHOR_CATEGORY, this.config.appName);
  }

  start(): void {
    const interval = this.options.anchorIntervalMs ?? DEFAULT_ANCHOR_INTERVAL_MS;
    if (interval <= 0 || !this.keyring.signingKey) return;
    this.timer = setInterval(() => {
      this.anchorNow('system:audit-anchor').catch((error: Error) =>
        this.logger.error(`periodic anchor failed: ${error.message}`),
      );
    }, interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue.catch(() => undefined);
  }

  async anchors(): Promise<AuditAnchor[]> {
    return (await this.reader.readStream(this.stream)).map((event) => event.data as AuditAnchor);
  }

  /** One at a time in this process; another instance racing for the same sequence number loses cleanly. */
  anchorNow(actor: string): Promise<AnchorOutcome> {
    const run = this.queue.catch(() => undefined).then(() => this.anchorOnce(actor));
    this.queue = run;
    return run;
  }

  private async anchorOnce(actor: string): Promise<AnchorOutcome> {
    const key = this.keyring.signingKey;
    if (!key) {
      throw DomainError.illegalState(
        'AUDIT_SIGNING_KEY_MISSING',
        'this app has no audit signing key (AUDIT_SIGNING_KEY): anchors cannot be signed',
      );
    }
    const history = await this.reader.readStream(this.stream);
    const last = history.length > 0 ? (history[history.length - 1].data as AuditAnchor) : undefined;
    const head = await this.reader.settledHead();
    if (!head || (last && compareCheckpoints(head, last.to) <= 0)) return { anchor: last ?? null, recorded: false };
    const from = last?.to ?? START;
    const digest = await digestRange(this.reader, from, head, last?.rollingHash ?? GENESIS_HASH);
    // Anchoring only the previous anchor would record one anchor per interval forever, vouching for nothing new.
    if (digest.otherThanAnchors === 0) return { anchor: last ?? null, recorded: false };
    const anchor = signAnchor(
      {
        app: this.config.appName,
        sequence: (last?.sequence ?? 0) + 1,
        from,
        to: head,
        count: digest.count,
        rollingHash: digest.rollingHash,
        previousAnchorHash: last?.anchorHash ?? FIRST_ANCHOR_LINK,
        anchoredAt: this.clock.now().toISOString(),
        keyId: key.keyId,
      },
      key,
    );
    try {
      await this.store.append(this.stream, [{ type: AUDIT_ANCHOR_RECORDED, data: anchor, metadata: { actor } }], {
        expectedVersion: history.length,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // Another instance recorded this sequence number first; its anchor is as good as ours.
      const anchors = await this.anchors();
      return { anchor: anchors[anchors.length - 1] ?? null, recorded: false };
    }
    this.logger.log(`anchor ${anchor.sequence}: ${anchor.count} events up to ${anchor.to.globalPosition}`);
    return { anchor, recorded: true };
  }
}
