import type { RecordedEvent, SqlExecutor } from '@roaming/event-store';
import type { PartnerEvent } from '../../domain/partner.events';

export const PARTNER_LIST_PROCESSOR_ID = 'contract-registry:partner-list:v1';

/**
 * Applies a batch of partner events to registry.partners in the processor's checkpoint transaction. Every
 * statement is idempotent, so a batch handled again after a crash leaves the same rows.
 */
export async function projectPartnerList(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent;
    switch (event.type) {
      case 'PartnerRegistered': {
        const d = event.data;
        await tx.query(
          `INSERT INTO registry.partners
             (partner_id, seq, name, roles, party_ids, status, partner_contract_version, registered_at)
           VALUES ($1, $2::bigint, $3, $4::text[], $5::text[], 'active', $6, $7::timestamptz)
           ON CONFLICT (partner_id) DO NOTHING`,
          [d.partnerId, recorded.globalPosition, d.name, d.roles, d.partyIds, d.partnerContractVersion, d.registeredAt],
        );
        await tx.query(
          `INSERT INTO registry.partner_parties (party_id, partner_id)
           SELECT unnest($1::text[]), $2 ON CONFLICT (party_id) DO NOTHING`,
          [d.partyIds, d.partnerId],
        );
        break;
      }
      case 'PartnerSuspended':
      case 'PartnerReactivated':
      case 'PartnerDeactivated':
        await tx.query(`UPDATE registry.partners SET status = $2, updated_at = now() WHERE partner_id = $1`, [
          event.data.partnerId,
          STATUS_AFTER[event.type],
        ]);
        break;
      case 'PartnerCredentialIssued':
      case 'PartnerCredentialRevoked':
      case 'PartnerEndpointsChanged':
      case 'PartnerRoamingPartnersDeclared':
        // Credentials are the credential directory's business, endpoints the partner record's, not the list's.
        break;
    }
  }
}

const STATUS_AFTER = {
  PartnerSuspended: 'suspended',
  PartnerReactivated: 'active',
  PartnerDeactivated: 'deactivated',
} as const;
