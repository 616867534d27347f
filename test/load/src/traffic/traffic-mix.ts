import { pullCdrsHandler } from './cdr-pull/cdr-pull.handler';
import { cdrPullSource } from './cdr-pull/cdr-pull.source';
import type { TrafficMix } from './operation';
import {
  authorizeHandler,
  authorizeRetryHandler,
  resendCdrHandler,
  submitCdrHandler,
} from './roaming-charge/roaming-charge.handlers';
import { roamingChargeSource } from './roaming-charge/roaming-charge.source';

/**
 * The day's traffic with the operations that exist today: the roaming charge (authorization, CDR over REST and the
 * B2B topic, retries) and the EVSPs' CDR pulls. EVSE status changes (station-management), session start/stop,
 * disputes and period closing join as further sources with their handlers when their contexts land.
 */
export const DEFAULT_TRAFFIC: TrafficMix = {
  sources: [roamingChargeSource, cdrPullSource],
  handlers: [authorizeHandler, authorizeRetryHandler, submitCdrHandler, resendCdrHandler, pullCdrsHandler],
};
