import { Client, type ClientConfig } from 'pg';
import type { NotificationHandlers } from './database';
import { longLivedSession } from './pg-session';

/** How long to wait before listening again after the connection dropped, doubling while it keeps failing. */
const RECONNECT_FIRST_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * LISTEN on one channel over a connection of its own (a pooled one would be handed to other queries). When the
 * connection drops it connects again, and reports the gap once it listens again: notifications are not queued for
 * a session that is gone.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private reconnectMs = RECONNECT_FIRST_MS;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly handlers: NotificationHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  }

  /** Resolves once listening; rejects when the first connection fails (the caller's start fails with it). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(longLivedSession(this.config));
    client.on('notification', (message) => {
      if (message.channel !== this.channel) return;
      // Thrown here, an error would escape from pg's socket callback and end the process.
      try {
        this.handlers.onNotification(message.payload ?? '');
      } catch {
        this.report(() => this.handlers.onGap());
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.reconnectMs;
    this.reconnectMs = Math.min(delay * 2, RECONNECT_MAX_MS);
    this.retry = setTimeout(() => {
      this.connect().then(
        () => {
          this.reconnectMs = RECONNECT_FIRST_MS;
          if (!this.stopped) this.report(() => this.handlers.onGap());
        },
        () => this.scheduleReconnect(),
      );
    }, delay).unref();
  }

  private report(call: () => void): void {
    try {
      call();
    } catch {
      // The listener's own fault; the connection and later notifications are unaffected.
    }
  }
}
