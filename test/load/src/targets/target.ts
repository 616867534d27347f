import type { Database } from '@roaming/event-store';
import type { CdrIntake } from '../drivers/cdr-intake';
import type { RawLimit } from '../measure/raw-limits';
import type { MonitoredProcess } from '../measure/resources';
import type { OutboundObserver } from '../observe/outbound-observer';
import type { DoorUrls } from '../traffic/operation';

export type TargetKind = 'embedded' | 'server' | 'remote';

/** The stores the inventory reads (SQL), per context; one database serves all three in embedded mode. */
export interface StoreAccess {
  registry: Database;
  authorization: Database;
  cdrs: Database;
}

/** A running clearing house to drive, and what the harness can see of it. */
export interface Target {
  readonly kind: TargetKind;
  /** One line for the report: what runs where. */
  readonly description: string;
  readonly urls: DoorUrls;
  readonly operatorKey: string;
  /** The B2B topic door for CDRs, when there is one. */
  readonly cdrIntake?: CdrIntake;
  /** Watches the partners' outbound topics, when they can be read. */
  readonly outbound?: OutboundObserver;
  readonly stores?: StoreAccess;
  /** The processes whose CPU and memory the report shows. */
  readonly processes: readonly MonitoredProcess[];
  /** Resolves once what the registry recorded so far has reached the authorization and cdr-forwarding views. */
  settleRegistry(): Promise<void>;
  /** The raw limits of this target's infrastructure for these payloads. */
  measureRawLimits(payloads: readonly string[], seconds: number): Promise<RawLimit[]>;
  /** Stops what the harness started and removes its data (unless asked to keep it). */
  stop(): Promise<void>;
}

export interface TargetLog {
  (message: string): void;
}
