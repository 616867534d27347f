import { asDomainEvent, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { statusAfter } from '../../domain/agreement-status';
import type { AgreementEvent, AgreementTerms } from '../../domain/agreement.events';

export const AGREEMENT_LIST_PROCESSOR_ID = 'contract-registry:agreement-list:v1';

/**
 * Keeps registry.agreements in step with the agreement events, in the processor's checkpoint transaction. Every
 * statement sets the row to what the event says, so handling a batch again leaves the same rows.
 */
export async function projectAgreementList(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const event = asDomainEvent<AgreementEvent>(recorded);
    const at = recorded.recordedAt;
    switch (event.type) {
      case 'RoamingAgreementOffered': {
        const d = event.data;
        await tx.query(
          `INSERT INTO registry.agreements
             (agreement_id, seq, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id, updated_at,
              timeout_policy)
           VALUES ($1, $2::bigint, $3, $4, 'offered', $5, $6, $7, $8, $9)
           ON CONFLICT (agreement_id) DO NOTHING`,
          [
            d.agreementId,
            recorded.globalPosition,
            d.cpoPartyId,
            d.emspPartyId,
            d.validFrom,
            d.validUntil,
            d.tariffId ?? null,
            at,
            d.timeoutPolicy ?? 'deny',
          ],
        );
        break;
      }
      case 'RoamingAgreementRequestMade': {
        const { requestId, kind, requestedBy, changes, reason, requestedAt } = event.data;
        await tx.query(
          `UPDATE registry.agreements SET pending_request = $2::jsonb, updated_at = $3 WHERE agreement_id = $1`,
          [event.data.agreementId, JSON.stringify({ requestId, kind, requestedBy, changes, reason, requestedAt }), at],
        );
        break;
      }
      case 'RoamingAgreementRequestWithdrawn':
      case 'RoamingAgreementRequestDeclined':
        await tx.query(
          `UPDATE registry.agreements SET pending_request = NULL, updated_at = $2 WHERE agreement_id = $1`,
          [event.data.agreementId, at],
        );
        break;
      default: {
        const terms = event.data as AgreementTerms;
        await tx.query(
          `UPDATE registry.agreements
           SET status = $2, valid_until = $3, tariff_id = $4, updated_at = $5, timeout_policy = $7,
               pending_request = CASE WHEN $6 THEN pending_request ELSE NULL END
           WHERE agreement_id = $1`,
          [
            terms.agreementId,
            statusAfter(event),
            terms.validUntil,
            terms.tariffId ?? null,
            at,
            // Suspending or resuming leaves a pending request pending; any other change settles or drops it.
            event.type === 'RoamingAgreementSuspended' || event.type === 'RoamingAgreementResumed',
            terms.timeoutPolicy ?? 'deny',
          ],
        );
      }
    }
  }
}
