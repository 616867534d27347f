import type { RecordedEvent, SqlExecutor } from '@roaming/event-store';
import type { SqlCredentialDirectory } from '@roaming/platform';
import type { PartnerEvent } from '../../domain/partner.events';

export const CREDENTIALS_PROCESSOR_ID = 'contract-registry:credentials:v1';
export const REGISTRY_SCHEMA = 'registry';

/**
 * Feeds the registry's own credential directory from its partner events, so that the registry authenticates
 * partners from its own store: issued keys become usable, revoked keys stop working, and a suspension covers
 * every key of the partner. Runs in the processor's checkpoint transaction; each write is idempotent.
 */
export async function projectCredentials(
  directory: SqlCredentialDirectory,
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent;
    switch (event.type) {
      case 'PartnerCredentialIssued': {
        // An event from before signing keys has no signingPublicKey: that key cannot sign Kafka messages.
        const { keyId, keyHash, signingPublicKey, partnerId, partyIds, roles } = event.data;
        await directory.upsertCredential(tx, { keyId, keyHash, signingPublicKey, partnerId, partyIds, roles });
        break;
      }
      case 'PartnerCredentialRevoked':
        await directory.revokeCredential(tx, event.data.keyId);
        break;
      case 'PartnerSuspended':
      case 'PartnerDeactivated':
        // The directory knows usable or not: a deactivated partner's keys are refused like a suspended one's.
        await directory.setPartnerStatus(tx, event.data.partnerId, 'suspended');
        break;
      case 'PartnerReactivated':
        await directory.setPartnerStatus(tx, event.data.partnerId, 'active');
        break;
      case 'PartnerRegistered':
      case 'PartnerEndpointsChanged':
      case 'PartnerRoamingPartnersDeclared':
        break;
    }
  }
}
