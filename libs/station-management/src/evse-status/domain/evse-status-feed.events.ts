import type { DomainEvent } from '@roaming/shared-kernel';
import type { EvseStatus } from './evse-status';

/** An operator reported the status of one of its EVSEs as observed at `observedAt` (eMI3 UCE U: id, status, time). */
export type EvseStatusReported = DomainEvent<
  'EvseStatusReported',
  { evseId: string; status: EvseStatus; observedAt: string; receivedAt: string }
>;

export type EvseStatusFeedEvent = EvseStatusReported;
