import { DomainError, EvseId } from '@roaming/shared-kernel';
import { parseInstant } from '../../shared/instant';
import { EVSE_STATUSES, isEvseStatus } from './evse-status';
import type { StatusReport } from './evse-status-feed.decide';

/** Reads one report as sent (REST item or Kafka body); a status the hub does not know is refused, naming the rule. */
export function parseStatusReport(input: unknown, receivedAt: string, field = ''): StatusReport {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw DomainError.validation('STATUS_REPORT_INVALID', 'a status report must be a JSON object', {
      field: field || 'body',
      rule: 'object',
    });
  }
  const { evseId, status, observedAt } = input as Record<string, unknown>;
  if (!isEvseStatus(status)) {
    throw DomainError.validation('EVSE_STATUS_UNKNOWN', `status must be one of ${EVSE_STATUSES.join(', ')}`, {
      field: at('status'),
      rule: 'evse-status',
    });
  }
  return {
    evseId: EvseId.parse(typeof evseId === 'string' ? evseId : '', at('evseId')).value,
    status,
    observedAt: observedAt === undefined ? receivedAt : parseInstant(observedAt, at('observedAt')),
  };
}
