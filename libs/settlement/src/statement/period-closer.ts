import { Logger } from '@nestjs/common';
import { DomainError, type Clock } from '@roaming/shared-kernel';
import type { Statements } from './statements';

export const SCHEDULE_ACTOR = 'settlement.schedule';

/**
 * The schedule that closes periods (IEC 63119 6.4.3): every `intervalMs` it closes the open statements whose period
 * ended at least `graceMs` ago by the injected clock. The statements table is the timer's state: a crash loses nothing,
 * a statement closed meanwhile by the operator is skipped (STATEMENT_CLOSED), several instances close each once.
 */
export class PeriodCloser {
  private readonly logger = new Logger(PeriodCloser.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly statements: Statements,
    private readonly clock: Clock,
    private readonly options: { graceMs: number; intervalMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Closes what is due now; returns how many statements it closed. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const statementId of await this.statements.due(now, this.options.graceMs)) {
      try {
        await this.statements.close(statementId, SCHEDULE_ACTOR, now.toISOString());
        closed++;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'STATEMENT_CLOSED') continue;
        this.logger.error(`closing ${statementId} failed: ${(error as Error).message}`);
      }
    }
    return closed;
  }
}
