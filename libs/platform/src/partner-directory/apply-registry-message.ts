import type { SqlExecutor } from '@roaming/event-store';
import type { ContractRegistryMessageV1, IntegrationMessage } from '@roaming/contracts';
import { signingPublicKeyOf } from '../auth/partner-signing-key';
import type { SqlCredentialDirectory } from '../auth/sql-credential-directory';

/**
 * Applies one contract-registry message to a context's copy of the credential directory. Returns false for the
 * messages that do not concern credentials (tolerant reader). Idempotent: a re-delivered message changes nothing.
 */
export async function applyRegistryMessageToDirectory(
  directory: SqlCredentialDirectory,
  tx: SqlExecutor,
  message: IntegrationMessage,
): Promise<boolean> {
  const m = message as ContractRegistryMessageV1;
  switch (m.type) {
    case 'PartnerCredentialIssued':
      await directory.upsertCredential(tx, {
        keyId: m.data.keyId,
        keyHash: m.data.keyHash,
        signingPublicKey: signingPublicKeyOf(m.data),
        partnerId: m.data.partnerId,
        partyIds: m.data.partyIds,
        roles: m.data.roles,
      });
      return true;
    case 'PartnerCredentialRevoked':
      await directory.revokeCredential(tx, m.data.keyId);
      return true;
    case 'PartnerStatusChanged':
      // A deactivated partner is refused like a suspended one: its keys must stop working everywhere.
      await directory.setPartnerStatus(tx, m.data.partnerId, m.data.status === 'active' ? 'active' : 'suspended');
      return true;
    default:
      return false;
  }
}
