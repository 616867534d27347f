import type { SqlExecutor } from '@roaming/event-store';
import { assertActsFor, type Principal } from '@roaming/platform';
import { DomainError, Emaid } from '@roaming/shared-kernel';
import type { PartyDirectory } from '../../partner/party-directory';

/**
 * The EMAID names its issuing EVSP, and only that EVSP reads or changes the contract: a caller acting for another
 * party gets PARTY_SCOPE (403). Since the EMAID itself tells whose it is, this reveals nothing about existence.
 */
export function ownedEmaid(rawEmaid: string, principal: Principal): Emaid {
  const emaid = Emaid.parse(rawEmaid, 'emaid');
  assertActsFor(principal, emaid.providerId.value);
  return emaid;
}

/**
 * An EVSP that keeps its contracts at home (storesContractsAtHub false: the hub asks its authorization endpoint,
 * IEC 63119 UC4-1) registers none here: a list the hub never consults would only go stale.
 */
export async function assertStoresContractsHere(parties: PartyDirectory, emspPartyId: string, tx: SqlExecutor) {
  const partner = await parties.findPartner(emspPartyId, tx);
  if (partner && !partner.endpoints.storesContractsAtHub) {
    throw DomainError.illegalState(
      'CONTRACTS_KEPT_AT_HOME',
      `${emspPartyId} keeps its contracts at home and is asked in real time; set storesContractsAtHub to store them here`,
      { partyId: emspPartyId },
    );
  }
}
